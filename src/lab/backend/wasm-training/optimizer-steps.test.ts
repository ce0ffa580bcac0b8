import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../../train/optimizers/create';
import type { OptimizerSpec } from '../../train/optimizer-spec';
import { activeBackendHas, LAB_ADAM_STEP, LAB_SGD_STEP } from '../lab-kernels';
import { registerWasmTrainingKernels } from './register';
import { randomValues, readyBackends } from './test-helpers';

beforeAll(readyBackends);
afterEach(registerWasmTrainingKernels);

/** Weights of 1 to 1000 floats (SIMD vectors and JS tails), 1-D ones undecayed. */
const SHAPES = [[1], [3], [4], [7], [5, 7], [10, 100], [2, 3, 3, 2]];

/** Three steps of `spec` on wasm, with the optimiser-step kernels or without them (the tfjs ops). */
function train(spec: OptimizerSpec, fused: boolean): Float32Array[] {
  if (!fused) for (const name of [LAB_SGD_STEP, LAB_ADAM_STEP]) tf.unregisterKernel(name, 'wasm');
  expect(activeBackendHas(spec.name.startsWith('adam') ? LAB_ADAM_STEP : LAB_SGD_STEP)).toBe(fused);
  const variables = Object.fromEntries(
    SHAPES.map((shape, i) => [
      `v${i}`,
      tf.variable(tf.tensor(randomValues(tf.util.sizeFromShape(shape), i + 1), shape)),
    ]),
  );
  const optimizer = createOptimizer(spec, variables);
  for (let step = 0; step < 3; step++) {
    const grads = Object.fromEntries(
      SHAPES.map((shape, i) => [
        `v${i}`,
        tf.tensor(randomValues(tf.util.sizeFromShape(shape), 100 * step + i), shape),
      ]),
    );
    optimizer.apply(grads, spec.learningRate * (1 - 0.2 * step));
    tf.dispose(Object.values(grads));
  }
  const state = optimizer.state();
  const out = [
    ...Object.values(variables).map((v) => v.dataSync() as Float32Array),
    ...Object.values(state.slots).map((s) => s.values),
  ];
  optimizer.dispose();
  tf.dispose(Object.values(variables));
  return out;
}

describe('the optimiser-step kernels on wasm', () => {
  it.each<[string, OptimizerSpec]>([
    ['SGD', { name: 'sgd', learningRate: 0.1 }],
    ['SGD, weight decay', { name: 'sgd', learningRate: 0.1, weightDecay: 5e-4 }],
    ['SGD, momentum', { name: 'sgd', learningRate: 0.28, momentum: 0.9 }],
    ['SGD, momentum and weight decay', { name: 'sgd', learningRate: 0.28, momentum: 0.9, weightDecay: 5e-4 }],
    ['Adam', { name: 'adam', learningRate: 1e-3 }],
    ['Adam, L2 decay', { name: 'adam', learningRate: 1e-3, weightDecay: 0.01 }],
    ['AdamW', { name: 'adamw', learningRate: 1e-3, weightDecay: 0.05 }],
  ])('%s: weights and slots equal the tfjs ops bit for bit', async (_, spec) => {
    await tf.setBackend('wasm');
    const fused = train(spec, true);
    const composed = train(spec, false);
    expect(fused).toHaveLength(composed.length);
    expect(fused.length).toBeGreaterThan(SHAPES.length - 1);
    for (let i = 0; i < fused.length; i++)
      expect(Array.from(fused[i]), `tensor ${i}`).toEqual(Array.from(composed[i]));
  });
});
