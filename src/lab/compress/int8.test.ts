import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test-support/backend';
import { applySetting } from './apply-setting';
import { decodeAffine, quantizeInt8 } from './int8';
import { decodeExported, decodeInt8Sidecar } from './export';
import { isPrunable } from './prunable';
import { parseSetting } from './settings';
import { quickFixture } from '../test-support/compress-fixtures';

describe('dynamic-range int8 quantisation', () => {
  beforeAll(useCpuBackend);

  it('per tensor: codes in [−127, 127], round trip within half a step', () => {
    const values = Float32Array.from({ length: 500 }, (_, i) => Math.sin(i * 1.7) * (i % 7) * 0.13);
    const q = quantizeInt8(values, { shape: [500], role: 'kernel' }, 'tensor');
    const maxAbs = Math.max(...Array.from(values, Math.abs));
    expect(q.scales[0]).toBeCloseTo(maxAbs / 127, 15);
    expect(Math.max(...q.codes)).toBe(127);
    expect(Math.min(...q.codes)).toBeGreaterThanOrEqual(-127);
    values.forEach((v, i) => {
      expect(Math.abs(v - q.dequantised[i])).toBeLessThanOrEqual(
        q.scales[0] / 2 + 1e-7 * Math.abs(v) + 1e-12,
      );
    });
    // Zeros stay exactly zero.
    expect(q.dequantised[0]).toBe(0);
  });

  it('per channel: one scale per output channel (last axis, last two for depthwise)', () => {
    // Channel 0 spans ±1, channel 1 spans ±0.01: per channel keeps channel 1 fine-grained.
    const values = Float32Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : 0.01) * Math.cos(i));
    const q = quantizeInt8(values, { shape: [20, 2], role: 'kernel' }, 'channel');
    expect(q.scales).toHaveLength(2);
    values.forEach((v, i) => {
      expect(Math.abs(v - q.dequantised[i])).toBeLessThanOrEqual(q.scales[i % 2] / 2 + 1e-7);
    });
    const tensorWise = quantizeInt8(values, { shape: [20, 2], role: 'kernel' }, 'tensor');
    const err = (d: Float32Array) => values.reduce((s, v, i) => (i % 2 ? s + Math.abs(v - d[i]) : s), 0);
    expect(err(q.dequantised)).toBeLessThan(err(tensorWise.dequantised) / 10);
    expect(
      quantizeInt8(new Float32Array(12), { shape: [1, 1, 3, 4], role: 'depthwise_kernel' }, 'channel').scales,
    ).toHaveLength(12);
  });

  it('the per-tensor values are bit for bit what tfjs decodes from its uint8 manifest entry', async () => {
    const model = await quickFixture();
    const result = applySetting(model, parseSetting('int8'), { seed: 1 });
    const decoded = decodeExported(result.files);
    for (const w of result.model.weights) expect(decoded.get(w.name)).toEqual(w.values);
    const kernel = result.model.weights.find((w) => w.name === 'conv_2/kernel')!;
    const spec = JSON.parse(result.files['model.json']).weightsManifest[0].weights.find(
      (s: { name: string }) => s.name === 'conv_2/kernel',
    );
    expect(spec.quantization.dtype).toBe('uint8');
    expect(decodeAffine(0, spec.quantization.scale)).toBe(0);
    // Round trip against the float model, per kernel.
    for (const w of model.weights.filter(isPrunable)) {
      const after = result.model.weights.find((a) => a.name === w.name)!.values;
      const scale = Math.max(...Array.from(w.values, Math.abs)) / 127;
      w.values.forEach((v, i) =>
        expect(Math.abs(v - after[i])).toBeLessThanOrEqual(scale / 2 + 1e-6 * Math.abs(v)),
      );
    }
    expect(kernel.values).not.toEqual(model.weights.find((w) => w.name === 'conv_2/kernel')!.values);
  });

  it('per-channel export: weights.bin has the dequantised floats, weights.int8.bin decodes to the same', async () => {
    const model = await quickFixture();
    const result = applySetting(model, parseSetting('int8:channel'), { seed: 1 });
    const fromSidecar = decodeInt8Sidecar(result.files);
    const fromTfjs = decodeExported(result.files);
    for (const w of result.model.weights) {
      expect(fromSidecar.get(w.name)).toEqual(w.values);
      expect(fromTfjs.get(w.name)).toEqual(w.values);
    }
    const params = model.weights.reduce((n, w) => n + w.values.length, 0);
    const kernels = model.weights.filter(isPrunable);
    const scales = kernels.reduce((n, w) => n + w.shape[w.shape.length - 1], 0);
    const kernelCount = kernels.reduce((n, w) => n + w.values.length, 0);
    expect(result.files['weights.int8.bin']!.byteLength).toBe(
      kernelCount + 4 * scales + 4 * (params - kernelCount),
    );
    expect(tf.memory().numTensors).toBeLessThan(50);
  });
});
