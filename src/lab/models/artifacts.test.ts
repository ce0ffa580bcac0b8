import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test-support/backend';
import { buildModel } from './build';
import { referenceCnn, quickCnn } from './families/classic';
import { modelFromFiles, modelToFiles } from './artifacts';

describe('model files', () => {
  beforeAll(useCpuBackend);

  it('round-trip a LayersModel with its metadata and identical outputs', async () => {
    const model = buildModel({ ...referenceCnn(16, 3, 4), seed: 7 });
    const files = await modelToFiles(model, { fairnessLab: { classNames: ['a', 'b', 'c', 'd'] } });
    const json = JSON.parse(files['model.json']);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(files['weights.bin'].byteLength).toBe(model.countParams() * 4);
    const loaded = await modelFromFiles(files);
    expect(loaded.getUserDefinedMetadata()).toEqual({ fairnessLab: { classNames: ['a', 'b', 'c', 'd'] } });
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 1);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('builds the same weights from the same seed', () => {
    const a = buildModel({ ...quickCnn(16, 1, 3), seed: 5 });
    const b = buildModel({ ...quickCnn(16, 1, 3), seed: 5 });
    const c = buildModel({ ...quickCnn(16, 1, 3), seed: 6 });
    const first = (m: tf.LayersModel) => Array.from(m.getWeights()[0].dataSync());
    expect(first(b)).toEqual(first(a));
    expect(first(c)).not.toEqual(first(a));
  });

  it('rejects a config with fewer than two classes or an odd input', () => {
    expect(() => buildModel(quickCnn(16, 1, 1))).toThrow(/at least 2 classes/);
    expect(() => buildModel({ ...quickCnn(16, 1, 2), input: { size: 4, channels: 1 } })).toThrow(/8–512/);
  });
});
