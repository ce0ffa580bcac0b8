import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../build';
import type { ModelConfig } from '../config';
import { DARTS_OPS } from '../config';
import { midDartsCandidate, spreadKernel } from './darts-cell';

describe('dartsCell block', () => {
  it('builds every op on every edge and outputs the dual path (2 × channels)', () => {
    for (const op of DARTS_OPS) {
      const config: ModelConfig = {
        name: `darts-${op}`,
        input: { size: 8, channels: 3 },
        numClasses: 2,
        layers: [{ type: 'dartsCell', channels: 4, ops: [op, op, op], stride: 2 }],
        seed: 1,
      };
      const model = buildModel(config);
      const dual = model.layers.find((l) => l.name.startsWith('darts_dual'))!;
      expect(dual.outputShape).toEqual([null, 4, 4, 8]);
      model.dispose();
    }
  });

  it('spreads a dilated kernel with zeros between taps', () => {
    const w = tf.tensor4d([1, 2, 3, 4], [2, 2, 1, 1]);
    expect(Array.from(spreadKernel(w, 2).dataSync())).toEqual([1, 0, 2, 0, 0, 0, 3, 0, 4]);
  });

  it('the mid-size candidate runs forward and backward with finite, non-zero gradients', async () => {
    await tf.setBackend('cpu');
    const model = buildModel({ ...midDartsCandidate(16, 4, 3), seed: 2 });
    expect(model.outputs[0].shape).toEqual([null, 3]);
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 5);
    const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      variables,
    );
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    const norms = Object.values(grads).map((g) => tf.norm(g).dataSync()[0]);
    expect(norms.every(Number.isFinite)).toBe(true);
    expect(norms.filter((n) => n > 0).length).toBeGreaterThan(norms.length * 0.8);
    model.dispose();
  });
});
