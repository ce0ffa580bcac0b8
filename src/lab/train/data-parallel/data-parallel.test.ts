import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNodeReplica } from '../../../cli/node-replicas';
import { randomValues, readyBackends, relativeError } from '../../backend/wasm-training/test-helpers';
import { buildTrainable, type TrainableModel } from '../../models/build';
import { referenceCnn } from '../../models/families/classic';
import type { ModelConfig } from '../../models/config';
import type { OptimizerSpec } from '../optimizer-spec';
import { createOptimizer, type LabOptimizer } from '../optimizers/create';
import { createTrainStep, type StepBatch, type TrainStep } from '../step';
import { createDataParallelStep, type DataParallelStep } from './data-parallel-step';
import { splitBatch } from './jobs';

const SIZE = 16;
const CONFIG: ModelConfig = { ...referenceCnn(SIZE, 3, 4), seed: 3 };
const SGD: OptimizerSpec = { name: 'sgd', learningRate: 0.05 };

function batchOf(rows: number, seed: number): StepBatch {
  return {
    x: tf.tensor(randomValues(rows * SIZE * SIZE * 3, seed), [rows, SIZE, SIZE, 3]) as tf.Tensor4D,
    labels: tf.tensor1d(
      Array.from({ length: rows }, (_, i) => (i * 3 + seed) % 4),
      'int32',
    ),
  };
}

/**
 * Every weight of the model (batch-norm statistics included), by name, but the convs' biases:
 * batch norm cancels them, so their gradients are rounding noise (~1e-9) with no relative error.
 */
const weightsOf = (t: TrainableModel) =>
  new Map(
    t.model.weights
      .filter((w) => !/conv.*\/bias/.test(w.originalName))
      .map((w) => [w.originalName, w.read().dataSync() as Float32Array]),
  );

describe('data-parallel training (2 replicas on Node worker threads)', () => {
  let plain: { trainable: TrainableModel; optimizer: LabOptimizer; step: TrainStep };
  let parallel: { trainable: TrainableModel; optimizer: LabOptimizer; dp: DataParallelStep };

  beforeAll(async () => {
    await readyBackends();
    await tf.setBackend('wasm');
    const make = () => {
      const trainable = buildTrainable(CONFIG);
      return { trainable, optimizer: createOptimizer(SGD, trainable.variables()) };
    };
    const a = make();
    plain = { ...a, step: createTrainStep(a.trainable, a.optimizer) };
    const b = make();
    const dp = createDataParallelStep({
      ...b,
      modelConfig: CONFIG,
      optimizerSpec: SGD,
      replicas: 2,
      maxBatch: 8,
      spawn: spawnNodeReplica,
    });
    parallel = { ...b, dp };
    await dp.ready;
  }, 120_000);

  afterAll(async () => {
    await parallel?.dp.close();
    for (const t of [plain, parallel]) {
      t?.optimizer.dispose();
      t?.trainable.dispose();
    }
  });

  // Batches of 8 and 7 rows split 4 + 4 and 4 + 3; one row leaves replica 1 without rows.
  it.each([
    [8, 11],
    [7, 12],
    [1, 13],
  ])(
    'a batch of %i rows gives the plain step’s loss and weights',
    async (rows, seed) => {
      const batch = batchOf(rows, seed);
      try {
        const expected = await plain.step(batch, SGD.learningRate);
        const got = await parallel.dp.step(batch, SGD.learningRate);
        expect(Math.abs(got.loss - expected.loss)).toBeLessThan(1e-5 * Math.abs(expected.loss));
        const [want, have] = [weightsOf(plain.trainable), weightsOf(parallel.trainable)];
        expect(want.size).toBeGreaterThan(10);
        for (const [name, w] of want) expect(relativeError(w, have.get(name)!), name).toBeLessThan(2e-5);
      } finally {
        tf.dispose(Object.values(batch));
      }
    },
    60_000,
  );

  it('rejects an adversary’s λ and a batch larger than it was set up for, and trains on', async () => {
    const batch = batchOf(8, 14);
    const big = batchOf(12, 15);
    try {
      await expect(parallel.dp.step(batch, 0.05, undefined, 0.5)).rejects.toThrow(/without an adversary/);
      await expect(parallel.dp.step(big, 0.05)).rejects.toThrow(/exceed the 4 it was set up for/);
      const expected = await plain.step(batch, SGD.learningRate);
      expect((await parallel.dp.step(batch, SGD.learningRate)).loss).toBeCloseTo(expected.loss, 4);
    } finally {
      tf.dispose([...Object.values(batch), ...Object.values(big)]);
    }
  }, 60_000);
});

it('a replica that cannot start says why, and the step fails with it', async () => {
  await readyBackends();
  await tf.setBackend('wasm');
  const trainable = buildTrainable(CONFIG);
  const optimizer = createOptimizer(SGD, trainable.variables());
  // The replica builds another network, so the leader's weights do not fit it.
  const dp = createDataParallelStep({
    trainable,
    optimizer,
    modelConfig: { ...referenceCnn(SIZE, 3, 5), seed: 3 },
    optimizerSpec: SGD,
    replicas: 2,
    maxBatch: 8,
    spawn: spawnNodeReplica,
  });
  const batch = batchOf(4, 16);
  try {
    await expect(dp.step(batch, 0.05)).rejects.toThrow(/replica 1 stopped: .*shape/);
  } finally {
    await dp.close();
    tf.dispose(Object.values(batch));
    optimizer.dispose();
    trainable.dispose();
  }
}, 120_000);

it('splitBatch gives every row to one replica, the first ones one more', () => {
  expect(splitBatch(8, 2)).toEqual([4, 4]);
  expect(splitBatch(7, 2)).toEqual([4, 3]);
  expect(splitBatch(1, 3)).toEqual([1, 0, 0]);
});
