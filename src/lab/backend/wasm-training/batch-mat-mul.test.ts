import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomValues, readyBackends, relativeError, runOn } from './test-helpers';

beforeAll(readyBackends);

describe('BatchMatMul with transposed operands on wasm', () => {
  it('equals cpu for every transpose combination, batched and broadcast, and its gradients', async () => {
    const t = (shape: number[], seed: number) =>
      tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);
    const run = () => {
      const outs: tf.Tensor[] = [];
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ]) {
        const a = t(ta ? [3, 7, 5] : [3, 5, 7], 1);
        const b = t(tb ? [1, 6, 7] : [1, 7, 6], 2);
        outs.push(tf.matMul(a, b, ta, tb));
      }
      // A dense layer's gradients (what the DPN's embedding runs): x [64, 19] · w [19, 13].
      const x = t([64, 19], 3);
      const w = t([19, 13], 4);
      const r = t([64, 13], 5);
      outs.push(...tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.matMul(p, q), r)))([x, w]));
      return outs;
    };
    const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
    cpu.forEach((c, i) => expect(relativeError(c, wasm[i]), `output ${i}`).toBeLessThan(1e-5));
  });
});
