import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test-support/backend';
import { applySetting } from './apply-setting';
import { clusterWeights, distinctCount } from './clustering';
import type { CompressibleModel } from './compressible-model';
import { measureExport } from './measure';
import { isPrunable } from './prunable';
import { parseSetting } from './settings';
import { quickFixture } from '../test-support/compress-fixtures';

describe('weight clustering', () => {
  let model: CompressibleModel;
  beforeAll(async () => {
    await useCpuBackend();
    model = await quickFixture();
  });

  it('linear initialisation spaces k centroids over [min, max] (iterations 0 keeps them)', () => {
    const values = Float32Array.from([-1, -0.2, 0.1, 0.4, 1]);
    const c = clusterWeights(values, 3, { init: 'linear', iterations: 0 });
    expect([...c.centroids]).toEqual([-1, 0, 1]);
    expect([...c.values]).toEqual([-1, 0, 0, 0, 1]);
    const refined = clusterWeights(values, 3, { init: 'linear' });
    // Lloyd moves the middle centroid to the mean of its members.
    expect(refined.centroids[1]).toBeCloseTo((-0.2 + 0.1 + 0.4) / 3, 6);
  });

  it('every clustered layer has at most k distinct values, for each k and both initialisations', () => {
    for (const k of [2, 4, 8, 16, 32, 64]) {
      for (const init of ['linear', 'kmeans++'] as const) {
        const result = applySetting(
          model,
          parseSetting(`cluster:${k}${init === 'linear' ? '' : ':kmeans++'}`),
          { seed: 3 },
        );
        const stats = measureExport(result.files, result.model);
        for (const layer of stats.layers) expect(layer.distinct).toBeLessThanOrEqual(k);
        expect(stats.distinctValues).toBeLessThanOrEqual(k);
        expect(stats.distinctValues).toBeGreaterThan(k / 2);
      }
    }
  });

  it('k-means++ is seeded: same seed, same centroids; another seed, other centroids', () => {
    const values = Float32Array.from({ length: 400 }, (_, i) => Math.tan((i / 400 - 0.5) * 3));
    const a = clusterWeights(values, 8, { init: 'kmeans++', seed: 1, iterations: 0 });
    const b = clusterWeights(values, 8, { init: 'kmeans++', seed: 1, iterations: 0 });
    const c = clusterWeights(values, 8, { init: 'kmeans++', seed: 2, iterations: 0 });
    expect(a.centroids).toEqual(b.centroids);
    expect(a.centroids).not.toEqual(c.centroids);
  });

  it('sparsity-preserving clustering after pruning keeps every zero and a zero centroid', () => {
    const result = applySetting(model, parseSetting('prune:0.6+cluster:8'), { seed: 1 });
    const pruned = applySetting(model, parseSetting('prune:0.6'), { seed: 1 });
    for (const w of result.model.weights.filter(isPrunable)) {
      const before = pruned.model.weights.find((p) => p.name === w.name)!.values;
      before.forEach((v, i) => {
        if (v === 0) expect(w.values[i]).toBe(0);
      });
      expect(distinctCount(w.values)).toBeLessThanOrEqual(8);
      expect(result.clusters.get(w.name)!.centroids).toContain(0);
    }
    const stats = measureExport(result.files, result.model);
    expect(stats.sparsity).toBeGreaterThanOrEqual(0.6 - 0.01);
    // Without preserving sparsity (clustering alone), the zeros would be pulled to a centroid.
    const plain = clusterWeights(Float32Array.from([0, 0, 0, 0.5, 0.52, -0.4]), 2, { init: 'linear' });
    expect(plain.values[0]).not.toBe(0);
    const kept = clusterWeights(Float32Array.from([0, 0, 0, 0.5, 0.52, -0.4]), 3, {
      init: 'linear',
      preserveSparsity: true,
    });
    expect([...kept.values.slice(0, 3)]).toEqual([0, 0, 0]);
  });

  it('bad input: k larger than a layer’s weight count is one clear line, and nothing changes', () => {
    const before = model.weights.map((w) => Float32Array.from(w.values));
    // conv_1's kernel is 3×3×1×8 = 72 weights.
    expect(() => applySetting(model, parseSetting('cluster:128'), { seed: 1 })).toThrow(
      /^cluster:128: layer "conv_1" \(kernel\) has only 72 weights, fewer than k = 128$/,
    );
    model.weights.forEach((w, i) => expect(w.values).toEqual(before[i]));
    expect(() => parseSetting('cluster:1')).toThrow('cluster count must be an integer ≥ 2');
  });
});
