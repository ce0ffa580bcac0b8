import * as tf from '@tensorflow/tfjs';
import { STEP_SEED_KWARG } from '../models/layers/dropout';
import type { TrainableModel } from '../models/build';
import type { LabOptimizer } from './optimizers/create';

/** What one step sees: images, labels, and, for mitigation methods, per-sample weights and groups. */
export interface StepBatch {
  /** [b, h, w, c] float32. */
  x: tf.Tensor4D;
  /** [b] int32 class index. */
  labels: tf.Tensor1D;
  /** [b] float32 sample weights: the loss is mean(w · loss), as Keras's sample_weight. */
  weights?: tf.Tensor1D;
  /** [b] int32 group code of each sample (−1: none), for group-aware heads. */
  groups?: tf.Tensor1D;
}

/** One training step: the batch, the schedule's learning rate and a seed for dropout → the mean loss. */
export type TrainStep = (batch: StepBatch, learningRate: number, stepSeed?: number) => Promise<number>;

/**
 * The lab's one optimisation step, for every head: forward in training mode (the lab's fused wasm
 * kernels run inside the layers), the head's per-sample loss, gradients of every trainable variable
 * of model and head, and one optimiser update.
 */
export function createTrainStep(trainable: TrainableModel, optimizer: LabOptimizer): TrainStep {
  const named = trainable.variables();
  const byVariable = new Map(Object.entries(named).map(([name, v]) => [v.name, name]));
  const list = Object.values(named);
  return async (batch, learningRate, stepSeed) => {
    const { value, grads } = tf.variableGrads(
      () =>
        tf.tidy(() => {
          const output = trainable.model.apply(batch.x, {
            training: true,
            [STEP_SEED_KWARG]: stepSeed,
          }) as tf.Tensor2D;
          const perSample = trainable.head.perSampleLoss(output, batch.labels, batch.groups);
          return (
            batch.weights ? tf.mean(tf.mul(perSample, batch.weights)) : tf.mean(perSample)
          ) as tf.Scalar;
        }),
      list,
    );
    try {
      const keyed = Object.fromEntries(Object.entries(grads).map(([v, g]) => [byVariable.get(v)!, g]));
      optimizer.apply(keyed, learningRate);
      return (await value.data())[0];
    } finally {
      value.dispose();
      tf.dispose(Object.values(grads));
    }
  };
}
