import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { buildModel } from '../../models/build';
import { referenceCnn } from '../../models/config';
import { randomValues, readyBackends } from './test-helpers';

beforeAll(readyBackends);

/** Trains the reference CNN for a few Adam steps on one backend from given weights; returns the losses. */
async function trainSteps(
  backend: 'cpu' | 'wasm',
  weights: Float32Array[],
  steps: number,
): Promise<number[]> {
  await tf.setBackend(backend);
  const size = 16;
  const model = buildModel({ ...referenceCnn(size, 3, 4), seed: 3 });
  model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i].shape)));
  const x = tf.tensor(randomValues(8 * size * size * 3, 21), [8, size, size, 3]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 3, 2, 1, 0], 'int32'), 4);
  const optimizer = tf.train.adam(0.01);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor),
      true,
      variables,
    ) as tf.Scalar;
    losses.push(loss.dataSync()[0]);
    loss.dispose();
  }
  optimizer.dispose();
  model.dispose();
  tf.dispose([x, y]);
  return losses;
}

it('the reference CNN trains on wasm with the same losses as on cpu, from identical weights', async () => {
  await tf.setBackend('cpu');
  const init = buildModel({ ...referenceCnn(16, 3, 4), seed: 3 });
  const weights = init.getWeights().map((w) => w.dataSync() as Float32Array);
  init.dispose();
  const cpu = await trainSteps('cpu', weights, 4);
  const wasm = await trainSteps('wasm', weights, 4);
  expect(cpu[3]).toBeLessThan(cpu[0]);
  for (let i = 0; i < cpu.length; i++)
    expect(Math.abs(cpu[i] - wasm[i])).toBeLessThan(1e-4 * Math.max(1, cpu[i]));
});
