import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelFromFiles } from '../../lab/models/artifacts';
import { captureJson } from '../test-support/capture-json';
import { run } from './train';

const runJson = (argv: string[]) => captureJson(run, argv);

describe('lab train', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('prints accuracy, per-group accuracy and the gap, and saves a loadable LayersModel', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-train-'));
    dirs.push(dir);
    const { code, json } = await runJson([
      '--seed',
      '2',
      '--epochs',
      '1',
      '--save',
      dir,
      '--quiet',
      '--json',
    ]);
    expect(code).toBe(0);
    const byGroup = json.by_group as Record<string, { accuracy: number; count: number }>;
    expect(Object.keys(byGroup).sort()).toEqual(['dark', 'light']);
    const accuracies = Object.values(byGroup).map((g) => g.accuracy);
    expect(json.accuracy_difference).toBeCloseTo(Math.max(...accuracies) - Math.min(...accuracies), 12);
    expect(byGroup.light.count + byGroup.dark.count).toBe(json.n_test);
    expect(json.backend).toBe('wasm');
    const model = await modelFromFiles({
      'model.json': await readFile(join(dir, 'model.json'), 'utf8'),
      'weights.bin': new Uint8Array(await readFile(join(dir, 'weights.bin'))),
    });
    expect(model.inputs[0].shape).toEqual([null, 24, 24, 1]);
    const dataset = JSON.parse(await readFile(join(dir, 'dataset.json'), 'utf8'));
    expect(dataset.synthetic.seed).toBe(2);
  });

  it('--replicas 2 splits each batch over two replicas and trains the same model', async () => {
    const argv = ['--seed', '3', '--epochs', '1', '--batch', '16', '--steps', '6', '--quiet', '--json'];
    const one = await runJson(argv);
    const two = await runJson([...argv, '--replicas', '2']);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(two.json.replicas).toBe(2);
    expect(one.json.replicas).toBeUndefined();
    expect(two.json.steps).toBe(6);
    expect(Math.abs((two.json.final_loss as number) - (one.json.final_loss as number))).toBeLessThan(1e-4);
    expect(two.json.accuracy).toBe(one.json.accuracy);
  }, 120_000);

  it('refuses --replicas that is not a whole number ≥ 1, or off wasm', async () => {
    await expect(run(['--replicas', '0', '--quiet'])).rejects.toThrow(/--replicas must be a whole number/);
    await expect(run(['--replicas', '2', '--backend', 'cpu', '--quiet'])).rejects.toThrow(
      /--replicas trains on wasm/,
    );
  });

  it('trains the FR-NAS DPN for identification and prints the FR-NAS metrics per group and per epoch', async () => {
    const { code, json } = await runJson([
      '--task',
      'identity',
      '--arch',
      'frnas-dpn',
      '--edges',
      '680',
      '--width',
      '0.04',
      '--head',
      'cosface',
      '--optimizer',
      'sgd',
      '--lr',
      '0.28',
      '--schedule',
      'cosine',
      '--epochs',
      '2',
      '--batch',
      '128',
      '--quiet',
      '--json',
    ]);
    expect(code).toBe(0);
    for (const key of ['error', 'rank_disparity', 'disparity', 'ratio', 'rank_ratio', 'error_ratio'])
      expect(json, key).toHaveProperty(key);
    const byGroup = json.by_group as Record<string, { accuracy: number; mean_rank: number; count: number }>;
    expect(Object.keys(byGroup).sort()).toEqual(['dark', 'light']);
    expect(json.rank_disparity).toBeCloseTo(Math.abs(byGroup.light.mean_rank - byGroup.dark.mean_rank), 12);
    const history = json.history as { epoch: number; rank_disparity: number; error: number }[];
    expect(history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(history.every((h) => Number.isFinite(h.error) && Number.isFinite(h.rank_disparity))).toBe(true);
    expect(json.model).toBe('frnas-dpn-680');
  });

  it('refuses unknown flags and bad values with a usage error', async () => {
    await expect(run(['--epoch', '2'])).rejects.toThrow(/unknown flag --epoch/);
    await expect(run(['--preset', 'huge'])).rejects.toThrow(/--preset must be quick, large \(got "huge"\)/);
    await expect(run(['--arch', 'frnas-dpn', '--edges', '69'])).rejects.toThrow(
      /edges must be three digits 0–8/,
    );
    await expect(run(['--arch', 'frnas-dpn', '--edges', '0a0'])).rejects.toThrow(
      /edges must be three digits 0–8/,
    );
    await expect(run(['--arch', 'frnas-dpn', '--groups', '3'])).rejects.toThrow(/groups 3 do not divide/);
    await expect(run(['--arch', 'quick-cnn', '--edges', '000'])).rejects.toThrow(
      /--edges applies to --arch frnas-dpn/,
    );
    await expect(run(['--head', 'sphereface'])).rejects.toThrow(
      /--head must be softmax, cosface, arcface, magface/,
    );
    await expect(run(['--backend', 'tpu'])).rejects.toThrow(/--backend must be/);
  });
});
