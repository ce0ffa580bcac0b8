import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tinyLayersModelFiles } from '../../lab/test-support/audit-fixtures';
import { importPlanned } from '../../lab/audit/import-for-audit';
import { encodeJpeg } from '../../lab/test-support/import-fixtures';
import { UsageError } from '../args';
import { flagNames } from '../flag-help';
import { run, usage } from './audit';
import { AUDIT_FLAGS } from './audit-flags';

// The real import, counted: the checks that need only the labels must come before it.
vi.mock('../../lab/audit/import-for-audit', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../lab/audit/import-for-audit')>();
  return { ...real, importPlanned: vi.fn(real.importPlanned) };
});

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

  it('reports overall and per class with --no-groups', async () => {
    const out = await runJson([
      '--data',
      csv,
      '--format',
      'predictions',
      '--positive',
      'male',
      '--no-groups',
    ]);
    expect(out.group_attributes).toEqual([]);
    expect(out.by_group).toEqual({});
    expect(out.overall).toMatchObject({ count: 24, accuracy: expect.any(Number) });
    expect(out.warnings[0]).toMatch(/no groups given/);
  });

  it('rejects an unknown format or flag as a usage error', async () => {
    await expect(run(['--data', csv, '--format', 'imagenet'])).rejects.toThrow(UsageError);
    await expect(run(['--data', csv, '--format', 'predictions', '--treshold', '0.4'])).rejects.toThrow(
      /unknown flag --treshold/,
    );
  });
});

describe('lab audit --help', () => {
  it('lists every flag the parser accepts, from the same list', () => {
    const help = usage();
    for (const name of flagNames(AUDIT_FLAGS)) expect(help).toContain(`--${name}`);
    // The six the old help left out.
    for (const name of ['classes', 'label-map', 'softmax', 'csv', 'limit', 'split'])
      expect(help).toMatch(new RegExp(`^  --${name}\\b`, 'm'));
    expect(help).toContain('--resize half-pixel|legacy|align-corners');
  });

  it('reads no flag that is missing from the list', () => {
    const source = readFileSync(path.join(__dirname, 'audit.ts'), 'utf8');
    const read = [
      ...source.matchAll(
        /(?:flags\.(?:get|has)|switches\.has|numberFlag\(args,|requiredFlag\(args,)\(?\s*'([\w-]+)'/g,
      ),
    ].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((name) => !flagNames(AUDIT_FLAGS).includes(name))).toEqual([]);
    expect(flagNames(AUDIT_FLAGS)).toContain('filter');
  });
});

describe('lab audit on a tiny UTKFace-named folder and a lab model', () => {
  const dir = tempDir();
  const data = path.join(dir, 'utk');
  const modelDir = path.join(dir, 'model');
  beforeAll(async () => {
    await tf.setBackend('cpu');
    mkdirSync(data);
    // age_gender_race_date.jpg, 20×20: stored at 16 px, so the 8 px model input is a real resize.
    for (let i = 0; i < 24; i++)
      writeFileSync(path.join(data, `${20 + i}_${i % 2}_${i % 3}_2017011${i}.jpg`), encodeJpeg(20, 20, i));
    mkdirSync(modelDir);
    const files = await tinyLayersModelFiles(8, 3, ['male', 'female'], 'gender');
    for (const [name, bytes] of files) writeFileSync(path.join(modelDir, name), bytes);
  });
  const base = () => [
    ...['--model', path.join(modelDir, 'model.json'), '--data', data, '--format', 'utkface'],
    ...['--positive', 'male'],
  ];

  it('takes the resize convention and method, and audits with no groups', async () => {
    const out = await runJson([...base(), '--resize', 'nearest,legacy', '--no-groups', '--backend', 'cpu']);
    expect(out.mapping.input).toMatchObject({ resize: 'nearest', resizeConvention: 'legacy', size: [8, 8] });
    expect(out.group_attributes).toEqual([]);
    expect(out.by_group).toEqual({});
    expect(out.dataset).toMatchObject({ target: 'gender', n_audited: 24 });
    expect(out.overall.count).toBe(24);
    expect(out.warnings).toContain('no groups given: overall and per-class metrics only, no disparities');
    await expect(run([...base(), '--resize', 'bicubic', '--json', '--quiet'])).rejects.toThrow(
      /--resize takes half-pixel, legacy, align-corners and \/ or bilinear, nearest \(got "bicubic"\)/,
    );
  });

  it('checks the target, groups, labels and privileged group before importing any image', async () => {
    const bad: [string[], RegExp][] = [
      [['--group-cols', 'colour'], /no categorical attribute "colour"/],
      [['--target', 'race'], /model labels "male", "female" have no value of "race".*values of "gender"/],
      [['--privileged', 'purple'], /Privileged group "purple"/],
      [['--filter', 'gender>1'], /categorical/],
    ];
    for (const [flags, message] of bad) {
      vi.mocked(importPlanned).mockClear();
      await expect(run([...base(), ...flags, '--backend', 'cpu', '--json', '--quiet'])).rejects.toThrow(
        message,
      );
      expect(vi.mocked(importPlanned)).not.toHaveBeenCalled();
    }
    vi.mocked(importPlanned).mockClear();
    await runJson([...base(), '--group-cols', 'race', '--backend', 'cpu']);
    expect(vi.mocked(importPlanned)).toHaveBeenCalledTimes(1);
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
