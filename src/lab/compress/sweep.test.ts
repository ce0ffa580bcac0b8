import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictSplit } from '../eval/predict';
import { silentJob } from '../jobs/job';
import { modelFromFiles } from '../models/artifacts';
import { quickCnn } from '../models/families/classic';
import { MemoryDatasetStore } from '../store/memory-store';
import { makeRandomDataset } from '../test-support/store-fixtures';
import { useCpuBackend } from '../test-support/backend';
import type { CompressibleModel } from './compressible-model';
import type { CompressedFiles } from './export';
import { resultsCsv } from './results-table';
import { runSweep } from './sweep';
import { IdbSweepStore } from './sweep-store';
import type { SweepRecord } from './sweep-types';
import { compressibleConfig } from '../test-support/compress-fixtures';
import type { DatasetManifest } from '../data/types';

describe('compression sweeps', () => {
  let store: MemoryDatasetStore;
  let manifest: DatasetManifest;
  let base: CompressibleModel;
  beforeAll(async () => {
    await useCpuBackend();
    store = new MemoryDatasetStore();
    manifest = await makeRandomDataset(store, {
      n: 240,
      size: 8,
      channels: 1,
      attrs: { expression: 3, skin: ['light', 'dark'], age: ['young', 'old'] },
    });
    base = await compressibleConfig({ ...quickCnn(8, 1, 3), seed: 4 });
  });

  it('evaluates the baseline and every setting × repeats per group, with sizes and CIEs', async () => {
    const files = new Map<string, CompressedFiles>();
    const updates: number[] = [];
    const progress: number[] = [];
    const record = await runSweep(
      {
        base,
        model: { name: 'quick', source: 'files' },
        store,
        manifest,
        options: { methods: 'prune:0.5,int8,cluster:4:kmeans++', repeats: 2, seed: 3, bootstrap: 50 },
      },
      { signal: new AbortController().signal, report: (p) => progress.push(p.done / p.total) },
      {
        onUpdate: async (r) => void updates.push(r.settings.length),
        onFiles: async (key, f) => void files.set(key, f),
      },
    );
    expect(record.status).toBe('done');
    expect(record.settings.map((s) => s.key)).toEqual([
      'baseline',
      'prune:0.5',
      'int8',
      'cluster:4:kmeans++',
    ]);
    expect(updates).toEqual([1, 2, 3, 4, 4]);
    expect(progress.at(-1)).toBe(1);
    expect(record.groupAttribute).toBe('skin');
    expect(record.crossAttributes).toEqual(['skin', 'age']);
    const [baseline, pruned, int8, clustered] = record.settings;
    expect(Object.keys(baseline.byGroup).sort()).toEqual(['dark', 'light']);
    expect(Object.keys(baseline.byIntersection).sort()).toEqual([
      'dark|old',
      'dark|young',
      'light|old',
      'light|young',
    ]);
    expect(baseline.byGroup.light.ci![0]).toBeLessThanOrEqual(baseline.byGroup.light.accuracy);
    expect(baseline.disparity).toBe(baseline.disparities.accuracy_difference);
    expect(pruned.sparsity).toBeCloseTo(0.5, 2);
    expect(int8.sizeBytes).toBeLessThan(baseline.sizeBytes / 3.5);
    expect(clustered.distinctValues).toBeLessThanOrEqual(4);
    expect(baseline.cie).toBeUndefined();
    // Deterministic int8: both repeats identical, so its CIEs are the examples where it flips the baseline.
    expect(int8.accuracyRepeats[0]).toBe(int8.accuracyRepeats[1]);
    expect(int8.cie!.overall.count).toBe(manifest.split.counts.test);
    const exampleCount = Object.values(int8.cie!.examples).flat().length;
    expect(exampleCount).toBe(Object.values(int8.cie!.byGroup).reduce((n, g) => n + g.cie, 0));

    const csv = resultsCsv(record).trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[0].split(',')).toEqual(
      expect.arrayContaining([
        'setting',
        'size_deflate_bytes',
        'acc_dark',
        'acc_light_ci_low',
        'acc_dark|old',
        'cie_dark',
      ]),
    );
    expect(csv[3].startsWith('int8,int8,,')).toBe(true);

    // The exported int8 model, loaded anew, predicts what the sweep evaluated.
    const exported = files.get('int8')!;
    const fresh = await modelFromFiles({
      'model.json': exported['model.json'],
      'weights.bin': exported['weights.bin'],
    });
    const p = await predictSplit(
      fresh,
      store,
      manifest,
      { target: 'expression', split: 'test' },
      silentJob(),
    );
    const correct = p.yTrue.reduce((n, y, i) => n + (y === p.yPred[i] ? 1 : 0), 0);
    expect(int8.accuracy).toBeCloseTo(correct / p.yTrue.length, 12);
    fresh.dispose();
    expect(tf.memory().numTensors).toBeLessThan(60);
  });

  it('evaluates an embedding model as identification: FR-NAS rank metrics per group', async () => {
    const faces = new MemoryDatasetStore();
    const ids = await makeRandomDataset(faces, {
      n: 200,
      size: 8,
      channels: 1,
      attrs: { identity: 8, skin: ['light', 'dark'] },
      targets: ['identity'],
    });
    const embedder = await compressibleConfig({ ...quickCnn(8, 1, 6), seed: 2 });
    const record = await runSweep(
      {
        base: embedder,
        model: { name: 'embedder', source: 'files' },
        store: faces,
        manifest: ids,
        options: { methods: 'int8', repeats: 2, seed: 1, bootstrap: 20, task: 'identification' },
      },
      silentJob(),
    );
    expect(record.task).toBe('identification');
    expect(record.target).toBe('identity');
    expect(record.disparity).toBe('rank_disparity');
    const [baseline, int8] = record.settings;
    expect(Object.keys(baseline.disparities).sort()).toEqual(
      ['disparity', 'error', 'error_ratio', 'rank_disparity', 'rank_ratio', 'ratio'].sort(),
    );
    expect(baseline.accuracy).toBeCloseTo(1 - (baseline.disparities.error ?? 0), 12);
    expect(Object.keys(baseline.byGroup).sort()).toEqual(['dark', 'light']);
    expect(int8.cie!.overall.count).toBe(ids.split.counts.test);
  });

  it('refuses a dataset whose images do not fit the model before evaluating anything', async () => {
    const other = new MemoryDatasetStore();
    const big = await makeRandomDataset(other, { n: 60, size: 12, channels: 1 });
    let updated = false;
    await expect(
      runSweep(
        {
          base,
          model: { name: 'quick', source: 'files' },
          store: other,
          manifest: big,
          options: { methods: 'int8', repeats: 1, seed: 1, bootstrap: 0 },
        },
        silentJob(),
        { onUpdate: async () => void (updated = true) },
      ),
    ).rejects.toThrow(
      /^Model "quick-cnn" takes images of 8×8×1 but dataset "Random 60" has 12×12×1: pick a dataset that fits the model$/,
    );
    expect(updated).toBe(false);
    await expect(
      runSweep(
        {
          base,
          model: { name: 'quick', source: 'files' },
          store,
          manifest,
          options: { methods: 'cluster:128', repeats: 1, seed: 1, bootstrap: 0 },
        },
        silentJob(),
      ),
    ).rejects.toThrow('cluster:128: layer "conv_1" (kernel) has only 72 weights, fewer than k = 128');
    await expect(
      runSweep(
        {
          base,
          model: { name: 'quick', source: 'files' },
          store,
          manifest,
          options: { methods: 'int8', repeats: 0, seed: 1, bootstrap: 0 },
        },
        silentJob(),
      ),
    ).rejects.toThrow('repeats must be an integer from 1 to 20 (got 0)');
    await expect(
      runSweep(
        {
          base,
          model: { name: 'quick', source: 'files' },
          store,
          manifest,
          options: {
            methods: 'int8',
            repeats: 1,
            seed: 1,
            bootstrap: 0,
            disparity: 'equal_opportunity_difference',
          },
        },
        silentJob(),
      ),
    ).rejects.toThrow(
      'equal_opportunity_difference needs a binary target (this one has 3 classes): use accuracy_difference or accuracy_ratio',
    );
  });

  it('stops on Cancel, and the store reports a sweep cut off by a reload as interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runSweep(
        {
          base,
          model: { name: 'quick', source: 'files' },
          store,
          manifest,
          options: { methods: 'int8', repeats: 1, seed: 1, bootstrap: 0 },
        },
        { signal: controller.signal, report: () => {} },
      ),
    ).rejects.toThrow('Cancelled');
    const factory = new IDBFactory();
    const sweeps = new IdbSweepStore(factory, 'sweeps');
    const record = {
      id: 's1',
      createdAt: '2026-01-01',
      status: 'running',
      settings: [],
    } as unknown as SweepRecord;
    await sweeps.put(record);
    await sweeps.putFiles('s1', 'int8', { 'model.json': '{}', 'weights.bin': new Uint8Array([1]) });
    expect((await sweeps.list())[0].status).toBe('running');
    const reopened = new IdbSweepStore(factory, 'sweeps');
    expect((await reopened.list())[0].status).toBe('interrupted');
    expect((await reopened.files('s1', 'int8'))?.['weights.bin']).toEqual(new Uint8Array([1]));
    await reopened.delete('s1');
    expect(await reopened.list()).toEqual([]);
    expect(await reopened.files('s1', 'int8')).toBeUndefined();
  });
});
