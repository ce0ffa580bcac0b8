import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { buildModel, buildTrainable } from '../../models/build';
import { referenceCnn } from '../../models/families/classic';
import type { HeadSpec } from '../../models/heads/spec';
import { createOptimizer } from '../../train/optimizers/create';
import { createTrainStep } from '../../train/step';
import { LAB_BATCH_NORM_TRAIN, LAB_CONV2D_BIAS } from '../lab-kernels';
import { randomValues, readyBackends, relativeError } from './test-helpers';

beforeAll(readyBackends);

const NOISE_ONLY = /conv.*\/bias|moving_mean/;

/**
 * Trains the reference CNN for a few Adam steps of the lab's one training step on one backend from
 * given weights; returns the losses, every weight afterwards (moving statistics included) and the
 * kernels the last step ran.
 */
async function trainSteps(
  backend: 'cpu' | 'wasm',
  weights: Float32Array[],
  steps: number,
  head: HeadSpec = { kind: 'softmax' },
): Promise<{ losses: number[]; weights: Float32Array[]; names: string[]; kernels: string[] }> {
  await tf.setBackend(backend);
  const size = 16;
  const trainable = buildTrainable({ ...referenceCnn(size, 3, 4), head, seed: 3 });
  const { model } = trainable;
  model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i].shape)));
  const x = tf.tensor(randomValues(8 * size * size * 3, 21), [8, size, size, 3]) as tf.Tensor4D;
  const labels = tf.tensor1d([0, 1, 2, 3, 3, 2, 1, 0], 'int32');
  const optimizer = createOptimizer({ name: 'adam', learningRate: 0.01 }, trainable.variables());
  const train = createTrainStep(trainable, optimizer);
  const losses: number[] = [];
  const step = async () => void losses.push((await train({ x, labels }, 0.01)).loss);
  for (let i = 0; i < steps - 1; i++) await step();
  const profile = await tf.profile(step);
  const after = model.weights.map((w) => w.read().dataSync() as Float32Array);
  const names = model.weights.map((w) => w.originalName);
  optimizer.dispose();
  trainable.dispose();
  tf.dispose([x, labels]);
  return { losses, weights: after, names, kernels: profile.kernels.map((k) => k.name) };
}

it('the reference CNN trains on wasm with the same losses as on cpu, from identical weights', async () => {
  await tf.setBackend('cpu');
  const init = buildModel({ ...referenceCnn(16, 3, 4), seed: 3 });
  const weights = init.getWeights().map((w) => w.dataSync() as Float32Array);
  init.dispose();
  const cpu = await trainSteps('cpu', weights, 4);
  const wasm = await trainSteps('wasm', weights, 4);
  expect(cpu.losses[3]).toBeLessThan(cpu.losses[0]);
  for (let i = 0; i < cpu.losses.length; i++)
    expect(Math.abs(cpu.losses[i] - wasm.losses[i])).toBeLessThan(1e-4 * Math.max(1, cpu.losses[i]));
  // Weights and moving statistics agree too, but for the conv biases: a bias just before batch
  // norm has a zero gradient up to rounding, which Adam scales up to ±lr steps either way (and
  // the moving means follow those biases).
  expect(wasm.weights).toHaveLength(cpu.weights.length);
  for (let i = 0; i < cpu.weights.length; i++)
    if (!NOISE_ONLY.test(cpu.names[i]))
      expect(relativeError(cpu.weights[i], wasm.weights[i]), cpu.names[i]).toBeLessThan(1e-3);
  // wasm trained through the lab's fused kernels; the first conv computed no input gradient.
  expect(wasm.kernels).toContain(LAB_BATCH_NORM_TRAIN);
  expect(wasm.kernels).toContain(LAB_CONV2D_BIAS);
  expect(wasm.kernels.filter((k) => k === 'Conv2DBackpropInput')).toHaveLength(2);
  expect(cpu.kernels).not.toContain(LAB_BATCH_NORM_TRAIN);
});

it('the fused kernels run under every head', async () => {
  await tf.setBackend('cpu');
  for (const head of [{ kind: 'cosface' }, { kind: 'arcface' }, { kind: 'magface' }] as HeadSpec[]) {
    const init = buildModel({ ...referenceCnn(16, 3, 4), head, seed: 3 });
    const weights = init.getWeights().map((w) => w.dataSync() as Float32Array);
    init.dispose();
    await tf.setBackend('cpu');
    const cpu = await trainSteps('cpu', weights, 2, head);
    const wasm = await trainSteps('wasm', weights, 2, head);
    expect(wasm.losses.every(Number.isFinite), head.kind).toBe(true);
    expect(Math.abs(cpu.losses[1] - wasm.losses[1]), head.kind).toBeLessThan(
      1e-3 * Math.max(1, cpu.losses[1]),
    );
    expect(wasm.kernels, head.kind).toContain(LAB_BATCH_NORM_TRAIN);
    expect(wasm.kernels, head.kind).toContain(LAB_CONV2D_BIAS);
    await tf.setBackend('cpu');
  }
});

it('the lab layers save as standard tfjs-layers classes', async () => {
  await tf.setBackend('wasm');
  const model = buildModel({ ...referenceCnn(16, 3, 4), seed: 3 });
  const classes = model.layers.map((l) => l.getClassName());
  expect(classes).toContain('Conv2D');
  expect(classes).toContain('BatchNormalization');
  const json = JSON.stringify(model.toJSON(null, false));
  expect(json).not.toContain('Lab');
  model.dispose();
});
