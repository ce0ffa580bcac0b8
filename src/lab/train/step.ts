import * as tf from '@tensorflow/tfjs';
import { STEP_SEED_KWARG } from '../models/layers/dropout';
import type { TrainableModel } from '../models/build';
import type { Adversary } from '../mitigation/adversary';
import type { LabOptimizer } from './optimizers/create';

/** What one step sees: images, labels, and, for mitigation methods, per-sample weights and groups. */
export interface StepBatch {
  /** [b, h, w, c] float32. */
  x: tf.Tensor4D;
  /** [b] int32 class index. */
  labels: tf.Tensor1D;
  /** [b] float32 sample weights: the loss is mean(w · loss), as Keras's sample_weight. */
  weights?: tf.Tensor1D;
  /** [b] int32 group code of each sample (−1: none), for group-aware heads and the adversary. */
  groups?: tf.Tensor1D;
}

export interface StepResult {
  /** The task loss (the head's, before any adversarial term). */
  loss: number;
  /** The discriminator's loss and hits on this batch, when an adversary trains alongside. */
  adversary?: { loss: number; correct: number; counted: number };
}

/** One training step: the batch, the schedule's learning rate, a seed for dropout, and the adversary's λ. */
export type TrainStep = (
  batch: StepBatch,
  learningRate: number,
  stepSeed?: number,
  lambda?: number,
) => Promise<StepResult>;

/**
 * The lab's one optimisation step, for every head: forward in training mode (the lab's fused wasm
 * kernels run inside the layers), the head's per-sample loss, gradients of every trainable variable
 * of model, head (and adversary), and one optimiser update.
 */
export function createTrainStep(
  trainable: TrainableModel,
  optimizer: LabOptimizer,
  adversary?: Adversary,
): TrainStep {
  const named = { ...trainable.variables(), ...(adversary?.variables ?? {}) };
  const byVariable = new Map(Object.entries(named).map(([name, v]) => [v.name, name]));
  const list = Object.values(named);
  return async (batch, learningRate, stepSeed, lambda = 0) => {
    let taskLoss: tf.Scalar | undefined;
    let extra: ReturnType<Adversary['loss']> | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const output = trainable.model.apply(batch.x, {
        training: true,
        [STEP_SEED_KWARG]: stepSeed,
      }) as tf.Tensor2D;
      const perSample = trainable.head.perSampleLoss(output, batch.labels, batch.groups);
      taskLoss = tf.keep(
        (batch.weights ? tf.mean(tf.mul(perSample, batch.weights)) : tf.mean(perSample)) as tf.Scalar,
      );
      if (!adversary || !batch.groups) return taskLoss;
      const a = adversary.loss(output, batch.groups, lambda);
      extra = { loss: tf.keep(a.loss), correct: tf.keep(a.correct), counted: tf.keep(a.counted) };
      return tf.add(taskLoss, a.loss) as tf.Scalar;
    }, list);
    try {
      const keyed = Object.fromEntries(Object.entries(grads).map(([v, g]) => [byVariable.get(v)!, g]));
      optimizer.apply(keyed, learningRate);
      const loss = (await taskLoss!.data())[0];
      if (!extra) return { loss };
      const [l, c, n] = await Promise.all([extra.loss.data(), extra.correct.data(), extra.counted.data()]);
      return { loss, adversary: { loss: l[0], correct: c[0], counted: n[0] } };
    } finally {
      tf.dispose([value, ...Object.values(grads), taskLoss!, ...(extra ? Object.values(extra) : [])]);
    }
  };
}
