import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test-support/backend';
import { applySetting } from './apply-setting';
import type { CompressibleModel } from './compressible-model';
import { globalMagnitudeMasks, keptCount, magnitudeMask, zeroFraction } from './magnitude-pruning';
import { measureExport } from './measure';
import { isPrunable } from './prunable';
import { parseSetting } from './settings';
import { compressibleFrom, quickFixture } from '../test-support/compress-fixtures';
import * as tf from '@tensorflow/tfjs';

describe('magnitude pruning', () => {
  let model: CompressibleModel;
  beforeAll(async () => {
    await useCpuBackend();
    model = await quickFixture();
  });

  it('masks the smallest magnitudes, keeping TFMOT’s k = max(round(n(1 − s)), 1)', () => {
    const mask = magnitudeMask(Float32Array.from([0.5, -0.1, 0.3, -0.9, 0.05]), 0.4);
    expect([...mask]).toEqual([1, 0, 1, 1, 0]);
    expect(keptCount(10, 0.99)).toBe(1);
    expect([...magnitudeMask(Float32Array.from([1, 2, 3]), 0.9)]).toEqual([0, 0, 1]);
  });

  it('per layer: every prunable kernel has the target sparsity, biases untouched', () => {
    const result = applySetting(model, parseSetting('prune:0.5'), { seed: 1 });
    const stats = measureExport(result.files, result.model);
    expect(stats.layers.map((l) => l.weight)).toEqual([
      'conv_1/kernel',
      'conv_2/kernel',
      'dense_1/kernel',
      'logits/kernel',
    ]);
    for (const layer of stats.layers) {
      expect(layer.zeros).toBe(layer.count - keptCount(layer.count, 0.5));
      expect(Math.abs(layer.zeros / layer.count - 0.5)).toBeLessThanOrEqual(0.5 / layer.count);
    }
    for (const w of result.model.weights.filter((w) => !isPrunable(w))) {
      const before = model.weights.find((b) => b.name === w.name)!;
      expect(w.values).toEqual(before.values);
    }
    // The base model is untouched.
    expect(model.weights.every((w) => zeroFraction(w.values) < 0.01 || w.role === 'bias')).toBe(true);
  });

  it('global: one threshold across layers gives the target overall, not per layer', () => {
    const result = applySetting(model, parseSetting('prune-global:0.8'), { seed: 1 });
    const stats = measureExport(result.files, result.model);
    const total = stats.layers.reduce((n, l) => n + l.count, 0);
    const zeros = stats.layers.reduce((n, l) => n + l.zeros, 0);
    expect(zeros).toBe(total - keptCount(total, 0.8));
    expect(stats.sparsity).toBeCloseTo(zeros / total, 12);
    expect(new Set(stats.layers.map((l) => (l.zeros / l.count).toFixed(3))).size).toBeGreaterThan(1);
    // Every pruned weight is no larger than every kept one.
    const kernels = result.model.weights.filter(isPrunable);
    let largestPruned = 0;
    let smallestKept = Infinity;
    kernels.forEach((w) => {
      const base = model.weights.find((b) => b.name === w.name)!.values;
      const mask = result.masks.get(w.name)!;
      base.forEach((v, i) => {
        if (mask[i]) smallestKept = Math.min(smallestKept, Math.abs(v));
        else largestPruned = Math.max(largestPruned, Math.abs(v));
      });
    });
    expect(largestPruned).toBeLessThanOrEqual(smallestKept);
    expect(
      globalMagnitudeMasks([Float32Array.from([3, 1]), Float32Array.from([2, 4])], 0.5).map((m) => [...m]),
    ).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('bad input: sparsity outside [0, 1) and a model without prunable layers, each one line', async () => {
    expect(() => parseSetting('prune:1')).toThrow('sparsity must be in [0, 1) (got 1)');
    expect(() => parseSetting('prune-global:-0.1')).toThrow('sparsity must be in [0, 1) (got -0.1)');
    expect(() => magnitudeMask(new Float32Array(4), 1.5)).toThrow('sparsity must be in [0, 1) (got 1.5)');
    const input = tf.input({ shape: [4] });
    const bare = tf.model({
      inputs: input,
      outputs: tf.layers.batchNormalization().apply(input) as tf.SymbolicTensor,
    });
    const noPrunable = await compressibleFrom(bare, 'bn-only');
    expect(() => applySetting(noPrunable, parseSetting('prune:0.5'), { seed: 1 })).toThrow(
      /^Model "bn-only" has no prunable layers \(TFMOT prunes the kernels of Conv, Dense and DepthwiseConv layers; this model has BatchNormalization\)$/,
    );
    bare.dispose();
  });
});
