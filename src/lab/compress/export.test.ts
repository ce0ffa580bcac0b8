import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFromFiles } from '../models/artifacts';
import { buildModel } from '../models/build';
import { quickCnn } from '../models/families/classic';
import { useCpuBackend } from '../test-support/backend';
import { applySetting } from './apply-setting';
import type { CompressibleModel } from './compressible-model';
import { measureExport } from './measure';
import { parseSetting } from './settings';
import { compressibleFrom } from '../test-support/compress-fixtures';

describe('export of compressed models', () => {
  let model: CompressibleModel;
  let float: tf.LayersModel;
  let input: tf.Tensor;
  beforeAll(async () => {
    await useCpuBackend();
    float = buildModel({ ...quickCnn(16, 1, 3), seed: 11 });
    model = await compressibleFrom(float);
    input = tf.randomUniform([6, 16, 16, 1], 0, 1, 'float32', 5);
  });

  /** The float model with the given weight values set in memory: what the lab evaluated. */
  function inMemory(values: CompressibleModel): tf.Tensor {
    const byName = new Map(values.weights.map((w) => [w.name, w]));
    const clone = buildModel({ ...quickCnn(16, 1, 3), seed: 11 });
    clone.setWeights(
      clone.weights.map((w) => tf.tensor(byName.get(w.originalName)!.values, w.shape as number[])),
    );
    const out = tf.tidy(() => clone.predict(input) as tf.Tensor);
    clone.dispose();
    return out;
  }

  it('int8 is about 4× smaller in raw bytes, loads with tf.loadLayersModel and predicts what was evaluated', async () => {
    const baseline = applySetting(model, parseSetting('baseline'), { seed: 1 });
    const int8 = applySetting(model, parseSetting('int8'), { seed: 1 });
    const ratio = baseline.files['weights.bin'].byteLength / int8.files['weights.bin'].byteLength;
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThanOrEqual(4);
    expect(measureExport(int8.files, int8.model).sizeBytes).toBe(int8.files['weights.bin'].byteLength);
    // Any tfjs app: the lab's own loader for its run files is plain tf.loadLayersModel(fromMemory).
    const loaded = await modelFromFiles({
      'model.json': int8.files['model.json'],
      'weights.bin': int8.files['weights.bin'],
    });
    const fromFile = tf.tidy(() => loaded.predict(input) as tf.Tensor);
    const evaluated = inMemory(int8.model);
    const original = tf.tidy(() => float.predict(input) as tf.Tensor);
    const [a, b, c] = await Promise.all([fromFile.data(), evaluated.data(), original.data()]);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 6));
    // …and the quantisation really changed the model.
    expect(a.some((v, i) => Math.abs(v - c[i]) > 1e-6)).toBe(true);
    tf.dispose([fromFile, evaluated, original]);
    loaded.dispose();
  });

  it('float16 halves the bytes; pruning and clustering keep float32 but shrink under DEFLATE', () => {
    const sizes = Object.fromEntries(
      ['baseline', 'fp16', 'prune:0.8', 'cluster:8', 'prune:0.8+int8'].map((key) => {
        const r = applySetting(model, parseSetting(key), { seed: 1 });
        return [key, measureExport(r.files, r.model)];
      }),
    );
    const base = sizes.baseline.sizeBytes;
    expect(sizes.fp16.sizeBytes).toBe(base / 2);
    expect(sizes['prune:0.8'].sizeBytes).toBe(base);
    expect(sizes['prune:0.8'].sizeDeflateBytes).toBeLessThan(sizes.baseline.sizeDeflateBytes * 0.45);
    expect(sizes['cluster:8'].sizeDeflateBytes).toBeLessThan(sizes.baseline.sizeDeflateBytes * 0.5);
    expect(sizes['prune:0.8+int8'].sizeDeflateBytes).toBeLessThan(sizes['prune:0.8'].sizeDeflateBytes);
    expect(sizes.fp16.parameters).toBe(sizes.baseline.parameters);
    const json = JSON.parse(applySetting(model, parseSetting('fp16'), { seed: 1 }).files['model.json']);
    expect(
      json.weightsManifest[0].weights.every(
        (w: { quantization?: { dtype: string } }) => w.quantization?.dtype === 'float16',
      ),
    ).toBe(true);
    expect(json.userDefinedMetadata.compression.setting).toBe('fp16');
    expect(json.userDefinedMetadata.fairnessLab.target).toBe('expression');
  });
});
