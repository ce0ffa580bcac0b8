import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test-support/backend';
import { modelFromFiles, modelToFiles } from './artifacts';
import { midDartsCandidate } from './blocks/darts-cell';
import { buildModel } from './build';
import { hasLabLayers, toStockModel } from './export';
import { frnasDpn } from './families/frnas-dpn';

describe('toStockModel', () => {
  beforeAll(useCpuBackend);

  it('writes grouped and dilated convs as stock layers that load and predict the same', async () => {
    const configs = [
      {
        ...frnasDpn(
          { edges: '680', width: 0.08, embedding: 16, smallStem: true },
          { size: 16, channels: 3 },
          4,
        ),
        head: { kind: 'arcface' as const },
        seed: 3,
      },
      { ...midDartsCandidate(16, 4, 3), seed: 4 },
    ];
    for (const config of configs) {
      const model = buildModel(config);
      expect(hasLabLayers(model)).toBe(true);
      const { model: stock, copied } = await toStockModel(model);
      expect(copied).toBe(true);
      const files = await modelToFiles(stock);
      const json = files['model.json'];
      expect(json).not.toMatch(/GroupedConv2D|DilatedDepthwiseConv/);
      const loaded = await modelFromFiles(files);
      expect(hasLabLayers(loaded)).toBe(false);
      const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 7);
      const a = model.predict(x) as tf.Tensor;
      const b = loaded.predict(x) as tf.Tensor;
      expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-4);
      tf.dispose([x, a, b]);
      [model, stock, loaded].forEach((m) => m.dispose());
    }
  });
});
