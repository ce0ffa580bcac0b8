import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomValues, readyBackends, runOn } from './test-helpers';

beforeAll(readyBackends);

describe('Relu and its gradient on one SIMD pass each', () => {
  it.each([1, 3, 4, 10, 37, 640])(
    '%i floats: relu(x) and the gradient of Σ relu(x)·r equal cpu',
    async (n) => {
      // Every third value negative, every seventh zero, the rest random.
      const xv = randomValues(n, n).map((v, i) => (i % 7 === 3 ? 0 : i % 3 === 0 ? -Math.abs(v) - 0.1 : v));
      const rv = randomValues(n, n + 1);
      const run = () => {
        const x = tf.tensor1d(xv);
        const r = tf.tensor1d(rv);
        return [tf.relu(x), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), r)))(x)];
      };
      const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
      // Equal as numbers: where x ≤ 0 the lab's gradient is +0 and tfjs's dy·0 may be −0.
      for (let i = 0; i < 2; i++)
        expect(Array.from(wasm[i]).map((v) => v + 0)).toEqual(Array.from(cpu[i]).map((v) => v + 0));
    },
  );

  it('keeps NaN in the forward pass and int32 on the shipped kernel', async () => {
    const run = () => [
      tf.relu(tf.tensor1d([NaN, -1, 2, NaN, 5])),
      tf.cast(tf.relu(tf.tensor1d([-3, 4], 'int32')), 'float32'),
    ];
    const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
    expect(Array.from(wasm[0])).toEqual(Array.from(cpu[0]));
    expect(Array.from(wasm[1])).toEqual([0, 4]);
  });
});
