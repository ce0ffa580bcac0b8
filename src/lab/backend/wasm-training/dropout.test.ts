import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { LAB_DROPOUT } from '../lab-kernels';
import { dropoutDraw } from './dropout';
import { dropout, STEP_SEED_KWARG } from '../../models/layers/dropout';
import { randomValues, readyBackends, runOn } from './test-helpers';

beforeAll(readyBackends);

const labDropout = (x: tf.Tensor, rate: number, seed: number) =>
  tf.engine().runKernel(LAB_DROPOUT, { x }, { rate, seed }) as unknown as tf.Tensor[];

it('LabDropout keeps each element with probability 1 − rate, scaled by 1 / (1 − rate), the same mask for the same seed', async () => {
  const n = 100_003;
  const [y, mask, again, other, x] = await runOn('wasm', () => {
    const x = tf.tensor(randomValues(n, 5), [n]);
    const [y, mask] = labDropout(x, 0.3, 7);
    return [y, mask, labDropout(x, 0.3, 7)[1], labDropout(x, 0.3, 8)[1], x];
  });
  const scale = Math.fround(1 / 0.7);
  expect(mask.every((m) => m === 0 || m === scale)).toBe(true);
  const kept = mask.filter((m) => m > 0).length / n;
  expect(Math.abs(kept - 0.7)).toBeLessThan(0.005);
  expect(y.every((v, i) => v === Math.fround(x[i] * mask[i]))).toBe(true);
  expect(again).toEqual(mask);
  // The SIMD lanes draw what the JS formula (and the last n mod 4) does, element for element.
  const threshold = Math.round(0.3 * 2 ** 24);
  expect(mask.every((m, i) => m > 0 === dropoutDraw(7, i) >= threshold)).toBe(true);
  const agree = other.filter((m, i) => m > 0 === mask[i] > 0).length / n;
  expect(agree).toBeLessThan(0.65); // independent masks agree on 0.7² + 0.3² = 58 %
});

it('LabDropout’s gradient is dy · mask', async () => {
  const [dx, mask, r] = await runOn('wasm', () => {
    const x = tf.tensor(randomValues(4096, 6), [8, 512]);
    const r = tf.tensor(randomValues(4096, 7), [8, 512]);
    const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(labDropout(a, 0.5, 3)[0], r)))(x);
    return [dx, labDropout(x, 0.5, 3)[1], r];
  });
  expect(dx.every((v, i) => v === Math.fround(r[i] * mask[i]))).toBe(true);
});

it('the Dropout layer trains through LabDropout on wasm, reproducibly by step seed', async () => {
  await tf.setBackend('wasm');
  const layer = dropout({ name: 'drop', rate: 0.25, seed: 4 });
  const x = tf.ones([2, 6, 6, 3]);
  const run = (stepSeed: number) =>
    tf.tidy(() => (layer.apply(x, { training: true, [STEP_SEED_KWARG]: stepSeed }) as tf.Tensor).dataSync());
  const profile = await tf.profile(() => void run(1));
  expect(profile.kernels.map((k) => k.name)).toContain(LAB_DROPOUT);
  expect(run(1)).toEqual(run(1));
  expect(run(1)).not.toEqual(run(2));
  const inference = tf.tidy(() => (layer.apply(x, { training: false }) as tf.Tensor).dataSync());
  expect(inference.every((v) => v === 1)).toBe(true);
  x.dispose();
  await tf.setBackend('cpu');
});
