import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../args';
import { run } from './audit';

const ROOT = path.resolve(__dirname, '../../..');
const FACERES = path.join(ROOT, 'node_modules/@vladmandic/human/models/faceres.json');
const UTKFACE = path.resolve(ROOT, '../shared/datasets/utkface-sample');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, checked field by field
async function runJson(argv: string[]): Promise<Record<string, any>> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await run([...argv, '--json', '--quiet']);
  expect(code).toBe(0);
  const output = log.mock.calls.map((call) => call.join(' ')).join('\n');
  vi.restoreAllMocks();
  return JSON.parse(output);
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'lab-audit-'));
}

afterEach(() => vi.restoreAllMocks());

describe('lab audit --format predictions', () => {
  const dir = tempDir();
  const csv = path.join(dir, 'preds.csv');
  const rows = ['file,y_true,y_pred,score,race,age'];
  for (let i = 0; i < 24; i++)
    rows.push(
      `f${i},${i % 2 ? 'male' : 'female'},${i % 3 ? 'male' : 'female'},0.5,${i < 12 ? 'white' : 'black'},${10 + i * 2}`,
    );
  writeFileSync(csv, rows.join('\n'));

  it('prints the report JSON of a predictions CSV, filtered', async () => {
    const out = await runJson([
      '--data',
      csv,
      '--format',
      'predictions',
      '--positive',
      'male',
      '--group-cols',
      'race',
      '--filter',
      'age>=20',
      '--privileged',
      'white',
    ]);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining([
        'overall',
        'by_group',
        'disparities',
        'aif360',
        'model',
        'mapping',
        'dataset',
        'filters',
        'backend',
        'created',
        'n_skipped',
        'skipped',
      ]),
    );
    expect(out.filters).toEqual(['age>=20']);
    expect(out.n_filtered).toBe(5);
    expect(out.dataset).toMatchObject({ name: 'preds.csv', format: 'predictions', n_audited: 19 });
    expect(Object.keys(out.by_group)).toEqual(['black', 'white']);
  });

  it('writes the table, the markdown and the predictions when asked', async () => {
    const table = path.join(dir, 'table.csv');
    const markdown = path.join(dir, 'card.md');
    await runJson([
      '--data',
      csv,
      '--format',
      'predictions',
      '--positive',
      'male',
      '--group-cols',
      'race',
      '--table',
      table,
      '--markdown',
      markdown,
    ]);
    expect(readFileSync(table, 'utf8').split('\n')[0]).toMatch(/^grouping,group,count,accuracy/);
    expect(readFileSync(markdown, 'utf8')).toMatch(/^## Quantitative analyses/);
  });

  it('rejects an unknown format or flag as a usage error', async () => {
    await expect(run(['--data', csv, '--format', 'imagenet'])).rejects.toThrow(UsageError);
    await expect(run(['--data', csv, '--format', 'predictions', '--treshold', '0.4'])).rejects.toThrow(
      /unknown flag --treshold/,
    );
  });
});

describe.skipIf(!existsSync(UTKFACE))('lab audit on human faceres and the UTKFace sample', () => {
  it('audits with the flags of the issue and records the backend and mapping', async () => {
    const dir = tempDir();
    const predictions = path.join(dir, 'preds.csv');
    const out = await runJson([
      '--model',
      FACERES,
      '--data',
      UTKFACE,
      '--format',
      'utkface',
      '--input-size',
      '224',
      '--channels',
      'rgb',
      '--scale',
      '0-255',
      '--output',
      'gender_pred/Sigmoid',
      '--positive',
      'male',
      '--threshold',
      '0.5',
      '--filter',
      'age>=18',
      '--group-cols',
      'race',
      '--limit',
      '16',
      '--seed',
      '2',
      '--predictions',
      predictions,
    ]);
    expect(out.backend).toBe('wasm');
    expect(out.model).toMatchObject({ name: 'faceres', format: 'graph-model' });
    expect(out.mapping.output).toMatchObject({
      kind: 'sigmoid',
      output: 'gender_pred/Sigmoid',
      positive: 'male',
      negative: 'female',
    });
    expect(out.mapping.input).toMatchObject({ size: [224, 224], channels: 'rgb', scale: '0-255' });
    expect(out.dataset).toMatchObject({ target: 'gender', n_audited: 16, format: 'utkface' });
    expect(out.n_filtered).toBeGreaterThan(0);
    expect(out.overall.accuracy).toBeGreaterThan(0.6);
    expect(readFileSync(predictions, 'utf8').split('\n')[0]).toBe('file,y_true,y_pred,score,race');
  });

  it('fails with its own error when the input size does not fit', async () => {
    await expect(
      run([
        '--model',
        FACERES,
        '--data',
        UTKFACE,
        '--format',
        'utkface',
        '--input-size',
        '112',
        '--positive',
        'male',
        '--quiet',
        '--json',
      ]),
    ).rejects.toThrow(/expects shape \[\?, 224, 224, 3\] but the mapping produces \[\?, 112, 112, 3\]/);
  });
});
