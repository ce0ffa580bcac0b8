import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromJsonText } from '../../lab/mitigation';
import { syntheticCsv, syntheticScores } from '../../lab/test-support/mitigation-fixtures';
import { run } from './postprocess';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, checked field by field
async function runJson(argv: string[]): Promise<Record<string, any>> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const code = await run([...argv, '--json']);
  expect(code).toBe(0);
  const output = log.mock.calls.map((call) => call.join(' ')).join('\n');
  log.mockRestore();
  return fromJsonText(output);
}

function tempCsv(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lab-postprocess-')), 'preds.csv');
  writeFileSync(file, text);
  return file;
}

const preds = tempCsv(syntheticCsv(syntheticScores(8), (i) => (i % 2 === 0 ? 'val' : 'test')));

afterEach(() => vi.restoreAllMocks());

describe('lab postprocess', () => {
  it('prints thresholds, before, after and after_sampled for equalized_odds', async () => {
    const out = await runJson([
      '--input',
      preds,
      '--constraint',
      'equalized_odds',
      '--fit-split',
      'split=val',
      '--eval-split',
      'split=test',
      '--seed',
      '3',
    ]);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['thresholds', 'before', 'after', 'after_sampled', 'operating_points', 'roc']),
    );
    expect(Object.keys(out.thresholds)).toEqual(['A', 'B']);
    for (const rule of Object.values(out.thresholds) as Record<string, number>[]) {
      expect(rule.p0 + rule.p1).toBeCloseTo(1, 9);
      expect(rule).toHaveProperty('p_ignore');
    }
    for (const name of ['before', 'after', 'after_sampled']) {
      expect(out[name].by_group.A).toEqual(
        expect.objectContaining({
          count: 300,
          selection_rate: expect.any(Number),
          tpr: expect.any(Number),
          fpr: expect.any(Number),
        }),
      );
      expect(out[name].accuracy).toEqual(expect.any(Number));
      expect(out[name].balanced_accuracy).toEqual(expect.any(Number));
    }
    expect(out.after.gaps.equalized_odds).toBeLessThan(out.before.gaps.equalized_odds);
    expect(out.fit.description).toBe('split = val (500 rows)');
    expect(out.warnings).toEqual([]);
  });

  it('fits and evaluates on every row with a warning when no fit split is given', async () => {
    const out = await runJson([
      '--input',
      preds,
      '--constraint',
      'demographic_parity',
      '--objective',
      'balanced_accuracy_score',
    ]);
    expect(out.objective).toBe('balanced_accuracy_score');
    expect(out.after.gaps.demographic_parity).toBeLessThan(1e-9);
    expect(out.warnings[0]).toMatch(/same rows/);
    const random = await runJson([
      '--input',
      preds,
      '--constraint',
      'demographic_parity',
      '--fit-fraction',
      '0.5',
    ]);
    expect(random.fit.rows + random.evaluate.rows).toBe(1000);
    expect(random.warnings).toEqual([]);
  });

  it('prints a readable table without --json', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(
      await run(['--input', preds, '--constraint', 'true_positive_rate_parity', '--fit-split', 'split=val']),
    ).toBe(0);
    const text = log.mock.calls.flat().join('\n');
    expect(text).toMatch(/^true_positive_rate_parity \/ accuracy_score: fit on split = val/);
    expect(text).toMatch(/after \(expected\): accuracy 0\.\d{4}/);
  });

  it.each([
    [['--constraint', 'equalized_odds'], /--input is required/],
    [['--input', preds, '--constraint', 'parity'], /--constraint must be one of demographic_parity/],
    [['--input', preds, '--constraint', 'equalized_odds', '--objective', 'f1'], /--objective must be one of/],
    [['--input', preds, '--constraint', 'equalized_odds', '--fit-split', 'split'], /must read column=value/],
    [['--input', preds, '--constraint', 'equalized_odds', '--fit-split', 'fold=1'], /no "fold" column/],
    [['--input', preds, '--constraint', 'equalized_odds', '--group-col', 'race'], /no "race" column/],
    [['--input', '/nonexistent.csv', '--constraint', 'equalized_odds'], /cannot read/],
    [
      ['--input', tempCsv('y_true,score,g\n1,0.2,a\n0,x,b\n'), '--constraint', 'equalized_odds'],
      /row 3: score "x" is not a number/,
    ],
    [
      ['--input', tempCsv('y_true,score,g\n1,0.2,a\n2,0.3,b\n3,0.1,a\n'), '--constraint', 'equalized_odds'],
      /y_true must be binary/,
    ],
    [
      [
        '--input',
        tempCsv('y_true,score,g\n1,0.9,a\n0,0.2,a\n0,0.3,b\n0,0.1,b\n'),
        '--constraint',
        'equalized_odds',
      ],
      /group "b" has no positives/,
    ],
    [
      [
        '--input',
        tempCsv('y_true,score,g\n1,0.9,a\n0,0.2,a\n1,0.3,b\n1,0.1,b\n'),
        '--constraint',
        'demographic_parity',
      ],
      /group "b" has no negatives/,
    ],
  ])('fails in one line on bad input: %j', async (argv, message) => {
    const error = await run(argv).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
