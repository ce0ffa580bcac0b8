import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync as readSource } from 'node:fs';
import { flagNames } from '../flag-help';
import { run, usage } from './metrics';
import { METRICS_FLAGS } from './metrics-flags';

const SHARED = path.resolve(__dirname, '../../../../shared/reference');
const FAIRLEARN = path.join(SHARED, 'fairlearn');
const PER_IMAGE = path.join(SHARED, 'frnas/per-image/celeba_val_rexnet_200_CosFace_SGD_ve7c062e_epoch99');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, checked field by field
async function runJson(argv: string[]): Promise<Record<string, any>> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const code = await run([...argv, '--json']);
  expect(code).toBe(0);
  const output = log.mock.calls.map((call) => call.join(' ')).join('\n');
  log.mockRestore();
  return JSON.parse(output);
}

function tempCsv(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lab-metrics-')), name);
  writeFileSync(file, text);
  return file;
}

afterEach(() => vi.restoreAllMocks());

describe.skipIf(!existsSync(FAIRLEARN))('lab metrics --input on the Fairlearn fixtures', () => {
  it('prints the fixture numbers for three-groups.csv with the AIF360 block', async () => {
    const expected = JSON.parse(readFileSync(path.join(FAIRLEARN, 'three-groups.json'), 'utf8'));
    const out = await runJson(['--input', path.join(FAIRLEARN, 'three-groups.csv'), '--privileged', 'A']);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['overall', 'by_group', 'disparities', 'aif360', 'warnings', 'undefined']),
    );
    for (const [group, row] of Object.entries(expected.by_group as Record<string, Record<string, number>>)) {
      for (const [metric, value] of Object.entries(row))
        expect(out.by_group[group][metric]).toBeCloseTo(value, 9);
    }
    for (const [name, value] of Object.entries(expected.disparities as Record<string, number>)) {
      expect(out.disparities[name], name).toBeCloseTo(value, 9);
    }
    for (const [name, value] of Object.entries(expected.aif360.classic_api as Record<string, number>)) {
      expect(out.aif360[name], name).toBeCloseTo(value, 9);
    }
  });

  it('uses sample_weight and adds a ci block with --bootstrap', async () => {
    const expected = JSON.parse(readFileSync(path.join(FAIRLEARN, 'weighted.json'), 'utf8'));
    const out = await runJson([
      '--input',
      path.join(FAIRLEARN, 'weighted.csv'),
      '--bootstrap',
      '200',
      '--seed',
      '3',
    ]);
    expect(out.overall.accuracy).toBeCloseTo(expected.overall.accuracy, 9);
    expect(out.ci.replicates).toBe(200);
    expect(out.ci.by_group.C.accuracy).toHaveLength(2);
    expect(out.ci.disparities.equalized_odds_difference).toHaveLength(2);
  });

  it('reports edge.csv group Z rates as null with reasons', async () => {
    const out = await runJson(['--input', path.join(FAIRLEARN, 'edge.csv')]);
    expect(out.by_group.Z.tpr).toBeNull();
    expect(out.undefined).toContainEqual(expect.objectContaining({ group: 'Z', metric: 'tpr' }));
  });
});

describe.skipIf(!existsSync(`${PER_IMAGE}.csv`))('lab metrics --ranks on the FR-NAS ranks', () => {
  it('prints the published Error and Rank Disparity', async () => {
    const out = await runJson(['--ranks', `${PER_IMAGE}.csv`, '--group-order', 'male,female']);
    expect(out.error).toBe(0.045966474594028285);
    expect(out.rank_disparity).toBe(2.185568360398114);
    expect(out.by_group.male).toEqual(expect.objectContaining({ count: 7636 }));
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['disparity', 'ratio', 'rank_ratio', 'error_ratio']),
    );
  });
});

describe('lab metrics', () => {
  it('thresholds scores and crosses --group-cols', async () => {
    const file = tempCsv(
      'scores.csv',
      'y_true,score,race,gender\n1,0.9,w,f\n0,0.2,w,f\n1,0.4,b,m\n0,0.7,b,m\n1,0.8,w,m\n0,0.1,b,f\n',
    );
    const out = await runJson([
      '--input',
      file,
      '--threshold',
      '0.5',
      '--group-cols',
      'race,gender',
      '--min-count',
      '1',
    ]);
    expect(Object.keys(out.by_group)).toEqual(['b|f', 'b|m', 'w|f', 'w|m']);
    expect(out.by_group['w|f']).toMatchObject({ accuracy: 1, selection_rate: 0.5 });
    expect(out.by_group['b|m']).toMatchObject({ accuracy: 0, roc_auc: 0 });
  });

  it('ranks an embeddings CSV', async () => {
    const file = tempCsv(
      'emb.csv',
      'identity,group,e0,e1\n1,m,1,0\n1,m,0.9,0.1\n2,f,0,1\n2,f,0.1,0.9\n3,f,0.8,0.2\n3,f,0,1\n',
    );
    const out = await runJson(['--embeddings', file, '--group-order', 'm,f', '--min-count', '1']);
    expect(out.by_group.m).toEqual({ acc: 1, error: 0, mean_rank: 0, count: 2 });
    expect(out.by_group.f.count).toBe(4);
    expect(out.error).toBeGreaterThan(0);
  });

  const bad: [string, string[], string, RegExp][] = [
    ['missing column', ['--input'], 'y_true,group\n1,a\n0,b\n', /no "y_pred" column/],
    [
      'non-numeric score',
      ['--input'],
      'y_true,score,group\n1,0.3,a\n0,high,b\n',
      /"score" at row 3 is not a number/,
    ],
    ['empty file', ['--input'], '', /is empty/],
    ['single group', ['--input'], 'y_true,y_pred,group\n1,1,a\n0,0,a\n', /one group/],
    ['single rank group', ['--ranks'], 'identity,group,rank\n1,m,0\n2,m,1\n', /at least two/],
    ['fractional rank', ['--ranks'], 'identity,group,rank\n1,m,0.5\n2,f,1\n', /whole numbers/],
  ];
  for (const [label, flags, text, message] of bad) {
    it(`rejects a ${label}`, async () => {
      await expect(run([...flags, tempCsv('bad.csv', text), '--json'])).rejects.toThrow(message);
    });
  }

  it('reports overall and per class with --no-groups, and skips rows missing a label', async () => {
    const file = tempCsv('nogroups.csv', 'y_true,y_pred\na,a\nb,b\nc,a\na,\nb,b\n');
    const out = await runJson(['--input', file, '--no-groups']);
    expect(out.by_group).toEqual({});
    expect(out.overall).toMatchObject({ count: 4, accuracy: 0.75 });
    expect(Object.keys(out.by_class.overall)).toEqual(['a', 'b', 'c']);
    expect(out.warnings[0]).toBe('no groups given: overall and per-class metrics only, no disparities');
    expect(out.warnings.at(-1)).toBe('1 rows skipped: missing y_pred (e.g. row 5)');
  });

  it('lists every flag it accepts in --help, from the same list', () => {
    const help = usage();
    for (const name of flagNames(METRICS_FLAGS)) expect(help).toMatch(new RegExp(`^  --${name}\\b`, 'm'));
    const source = readSource(path.join(__dirname, 'metrics.ts'), 'utf8');
    const read = [
      ...source.matchAll(/(?:flags\.(?:get|has)|switches\.has|numberFlag\(args,)\(?\s*'([\w-]+)'/g),
    ].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(10);
    expect(read.filter((name) => !flagNames(METRICS_FLAGS).includes(name))).toEqual([]);
  });

  it('rejects an unknown flag, a missing source and a missing file', async () => {
    await expect(run(['--input', 'x.csv', '--colour', 'red'])).rejects.toThrow(/unknown flag --colour/);
    await expect(run(['--json'])).rejects.toThrow(/exactly one of/);
    await expect(run(['--input', '/nonexistent/preds.csv'])).rejects.toThrow(/cannot read/);
  });
});
