import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK_PRESET } from '../../lab/data/synthetic/config';
import { modelFromFiles, modelToFiles } from '../../lab/models/artifacts';
import { buildModel } from '../../lab/models/build';
import { quickCnn } from '../../lab/models/families/classic';
import { useCpuBackend } from '../../lab/test-support/backend';
import { captureJson } from '../test-support/capture-json';
import { run } from './compress';

const runJson = (argv: string[]) => captureJson<Record<string, unknown>[]>(run, argv);

describe('lab compress', () => {
  let dir: string;
  beforeAll(async () => {
    // What `lab train --save DIR` writes: model.json + weights.bin and dataset.json (a small dataset here).
    await useCpuBackend();
    dir = await mkdtemp(join(tmpdir(), 'lab-compress-'));
    const synthetic = { ...QUICK_PRESET, seed: 5, nIdentities: 24, imagesPerIdentity: 10 };
    const model = buildModel({ ...quickCnn(24, 1, 4), seed: 5 });
    const files = await modelToFiles(model, {
      fairnessLab: { target: 'expression', classNames: ['neutral', 'happy', 'sad', 'surprised'] },
    });
    model.dispose();
    await writeFile(join(dir, 'model.json'), files['model.json']);
    await writeFile(join(dir, 'weights.bin'), files['weights.bin']);
    await writeFile(join(dir, 'dataset.json'), JSON.stringify({ synthetic }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints one entry per setting, the baseline first, and exports each setting as a tfjs model', async () => {
    const out = join(dir, 'export');
    const { code, json } = await runJson([
      '--model',
      join(dir, 'model.json'),
      '--dataset',
      'synthetic',
      '--methods',
      'prune:0.5,prune-global:0.8,prune-structured:0.3,int8,fp16,cluster:16,prune:0.5+int8',
      '--repeats',
      '2',
      '--bootstrap',
      '100',
      '--export',
      out,
      '--quiet',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(json.map((e) => e.setting)).toEqual([
      'baseline',
      'prune:0.5',
      'prune-global:0.8',
      'prune-structured:0.3',
      'int8',
      'fp16',
      'cluster:16',
      'prune:0.5+int8',
    ]);
    for (const e of json)
      expect(Object.keys(e)).toEqual(
        expect.arrayContaining([
          'method',
          'param',
          'size_bytes',
          'size_deflate_bytes',
          'parameters',
          'accuracy',
          'by_group',
          'disparities',
          'sparsity',
          'distinct_values',
        ]),
      );
    const [baseline, pruned, , structured, int8, fp16, clustered] = json as Record<string, never>[];
    expect(baseline.method).toBe('baseline');
    expect(baseline.param).toBeNull();
    expect(baseline).not.toHaveProperty('cie_fraction_by_group');
    expect(Object.keys(pruned.cie_fraction_by_group).sort()).toEqual(['dark', 'light']);
    expect(Object.keys(baseline.by_group).sort()).toEqual(['dark', 'light']);
    expect(pruned.param).toBe(0.5);
    expect(pruned.sparsity).toBeCloseTo(0.5, 2);
    expect(structured.parameters).toBeLessThan(baseline.parameters);
    expect(baseline.size_bytes / int8.size_bytes).toBeGreaterThan(3.5);
    expect(fp16.size_bytes).toBe(baseline.size_bytes / 2);
    expect(clustered.distinct_values).toBeLessThanOrEqual(16);
    expect(pruned.size_deflate_bytes).toBeLessThan(baseline.size_deflate_bytes);

    expect((await readdir(out)).sort()).toContain('prune-0.5+int8');
    const exported = await modelFromFiles({
      'model.json': await readFile(join(out, 'int8', 'model.json'), 'utf8'),
      'weights.bin': new Uint8Array(await readFile(join(out, 'int8', 'weights.bin'))),
    });
    expect(exported.outputs[0].shape).toEqual([null, 4]);
    exported.dispose();
    expect(tf.memory().numTensors).toBeLessThan(100);
  });

  it('refuses bad input with one line, before any evaluation', async () => {
    const model = join(dir, 'model.json');
    await expect(
      run(['--model', model, '--dataset', 'synthetic', '--methods', 'prune:1.5', '--json']),
    ).rejects.toThrow('sparsity must be in [0, 1) (got 1.5)');
    await expect(
      run(['--model', model, '--dataset', 'synthetic', '--methods', 'int8', '--finetune-schedule', 'linear']),
    ).rejects.toThrow(/^--finetune-schedule must be constant or polynomial/);
    await expect(
      run(['--model', model, '--dataset', 'nowhere', '--methods', 'int8', '--store', dir]),
    ).rejects.toThrow(/--dataset "nowhere" is not a folder, "synthetic", or a dataset in/);
    await expect(run(['--model', model, '--dataset', 'synthetic', '--method', 'int8'])).rejects.toThrow(
      'unknown flag --method',
    );
  });
});
