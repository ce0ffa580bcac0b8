import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test-support/backend';
import { applySetting } from './apply-setting';
import { parameterCount, type CompressibleModel } from './compressible-model';
import { loadCompressed, exportCompressed } from './export';
import { parseSetting } from './settings';
import { pruneFilters, sliceAxis } from './structured-pruning';
import { compressibleConfig, quickFixture, referenceFixture } from '../test-support/compress-fixtures';

let input: tf.Tensor;

async function predict(model: CompressibleModel): Promise<Float32Array> {
  const loaded = await loadCompressed(exportCompressed(model, new Map(), {}));
  const out = tf.tidy(() => loaded.predict(input) as tf.Tensor);
  const values = (await out.data()) as Float32Array;
  out.dispose();
  loaded.dispose();
  return values;
}

/** Zeroes filters (kernel, bias and, when present, batch-norm scale and shift) so they output 0. */
function silence(model: CompressibleModel, layer: string, filters: number[], bn?: string): CompressibleModel {
  const weights = model.weights.map((w) => {
    const values = Float32Array.from(w.values);
    if (w.layer === layer && w.role === 'kernel') {
      const n = w.shape[3];
      values.forEach((_, i) => filters.includes(i % n) && (values[i] = 0));
    } else if (
      (w.layer === layer && w.role === 'bias') ||
      (w.layer === bn && (w.role === 'gamma' || w.role === 'beta'))
    ) {
      for (const f of filters) values[f] = 0;
    } else return w;
    return { ...w, values };
  });
  return { ...model, weights };
}

describe('structured (filter) pruning', () => {
  beforeAll(async () => {
    await useCpuBackend();
    input = tf.randomUniform([5, 16, 16, 1], 0, 1, 'float32', 3);
  });

  it('slices one axis of a row-major tensor', () => {
    const t = Float32Array.from({ length: 12 }, (_, i) => i); // [2, 3, 2]
    expect([...sliceAxis(t, [2, 3, 2], 1, [0, 2]).values]).toEqual([0, 1, 4, 5, 6, 7, 10, 11]);
    expect(sliceAxis(t, [2, 3, 2], 2, [1]).shape).toEqual([2, 3, 1]);
  });

  it('gives a genuinely smaller model with the same output shape (quick-cnn: conv → conv → flatten → dense)', async () => {
    const model = await quickFixture();
    const result = applySetting(model, parseSetting('prune-structured:0.5'), { seed: 1 });
    expect(parameterCount(result.model)).toBeLessThan(parameterCount(model) * 0.6);
    const loaded = await loadCompressed(result.files);
    expect(loaded.outputs[0].shape).toEqual([null, 3]);
    expect((loaded.getLayer('conv_1').getConfig() as { filters: number }).filters).toBe(4);
    expect((loaded.getLayer('conv_2').getConfig() as { filters: number }).filters).toBe(8);
    expect(loaded.countParams()).toBe(parameterCount(result.model));
    expect(result.files['weights.bin'].byteLength).toBe(4 * parameterCount(result.model));
    loaded.dispose();
  });

  it('removing filters that output zero leaves the predictions unchanged (through Flatten)', async () => {
    const base = silence(silence(await quickFixture(), 'conv_1', [1, 4, 6]), 'conv_2', [0, 3, 5, 7, 9, 11]);
    const pruned = pruneFilters(base, 0.375); // 3 of 8 and 6 of 16 filters: exactly the silenced ones.
    expect(pruned.weights.find((w) => w.name === 'conv_1/kernel')!.shape).toEqual([3, 3, 1, 5]);
    expect(pruned.weights.find((w) => w.name === 'dense_1/kernel')!.shape).toEqual([16 * 10, 32]);
    const [before, after] = [await predict(base), await predict(pruned)];
    after.forEach((v, i) => expect(v).toBeCloseTo(before[i], 5));
  });

  it('shrinks batch norm and pooling in between, and the dense layer after global pooling', async () => {
    // reference-cnn: 16, 32 and 64 filters; 0.125 removes 2, 4 and 8 of them — the silenced ones.
    let base = await referenceFixture();
    base = silence(base, 'conv_1', [3, 9], 'bn_1');
    base = silence(base, 'conv_2', [0, 7, 8, 31], 'bn_2');
    base = silence(base, 'conv_3', [1, 2, 5, 20, 33, 40, 41, 63], 'bn_3');
    const pruned = pruneFilters(base, 0.125);
    expect(pruned.weights.find((w) => w.name === 'bn_1/moving_mean')!.shape).toEqual([14]);
    expect(pruned.weights.find((w) => w.name === 'conv_2/kernel')!.shape).toEqual([3, 3, 14, 28]);
    expect(pruned.weights.find((w) => w.name === 'bn_3/gamma')!.shape).toEqual([56]);
    expect(pruned.weights.find((w) => w.name === 'logits/kernel')!.shape).toEqual([56, 3]);
    const [before, after] = [await predict(base), await predict(pruned)];
    after.forEach((v, i) => expect(v).toBeCloseTo(before[i], 5));
  });

  it('refuses a graph with branches, naming the layer, and changes nothing', async () => {
    const dpn = await compressibleConfig({
      name: 'dpn',
      input: { size: 16, channels: 1 },
      numClasses: 3,
      seed: 1,
      layers: [
        { type: 'conv2d', filters: 4, kernel: 3 },
        { type: 'dartsCell', channels: 4, ops: ['conv3x3', 'skip', 'conv1x1'] },
        { type: 'globalAvgPool' },
      ],
    });
    const before = JSON.stringify(dpn.topology);
    expect(() => applySetting(dpn, parseSetting('prune-structured:0.5'), { seed: 1 })).toThrow(
      /^structured pruning cannot follow the graph at layer "darts_bn_1": its output feeds 3 layers \(darts_relu_2, darts_relu_3, darts_residual_1\)$/,
    );
    expect(JSON.stringify(dpn.topology)).toBe(before);
    expect(() => parseSetting('prune-structured:1')).toThrow('filter fraction must be in [0, 1) (got 1)');
  });
});
