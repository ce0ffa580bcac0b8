import * as tf from '@tensorflow/tfjs';
import { STEP_SEED_KWARG } from '../models/layers/dropout';
import type { TrainableModel } from '../models/build';
import type { Adversary } from '../mitigation/adversary';
import type { LabOptimizer } from './optimizers/create';
import { setCrossReplicaSum, type CrossReplicaSum } from '../backend/wasm-training/cross-replica';

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
 * What one replica of a data-parallel step (`data-parallel/`) adds to a plain step: its share of
 * the batch, and sums over the replicas that give the same bits on each.
 */
export interface ReplicaReduction {
  /** This replica's rows over the whole batch's: its loss is scaled by it, so gradients sum to the batch's. */
  share: number;
  /** Element-wise sum over the replicas (the gradients and the loss). */
  sum32(values: Float32Array): Float32Array;
  /** Element-wise sum over the replicas, for batch norm's statistics (`cross-replica.ts`). */
  sum64: CrossReplicaSum;
}

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
  const run = stepRunner(trainable, optimizer, adversary);
  return (batch, learningRate, stepSeed, lambda = 0) => run(batch, learningRate, stepSeed, lambda);
}

/**
 * One replica's part of a data-parallel step: its rows of the batch, the gradients summed over
 * the replicas before the update (each replica applies the same update), batch norm over the
 * whole batch. The loss it returns is the whole batch's.
 */
export function createReplicaStep(
  trainable: TrainableModel,
  optimizer: LabOptimizer,
): (
  batch: StepBatch,
  learningRate: number,
  stepSeed: number | undefined,
  reduction: ReplicaReduction,
) => Promise<StepResult> {
  const run = stepRunner(trainable, optimizer);
  return (batch, learningRate, stepSeed, reduction) => run(batch, learningRate, stepSeed, 0, reduction);
}

function stepRunner(trainable: TrainableModel, optimizer: LabOptimizer, adversary?: Adversary) {
  const named = { ...trainable.variables(), ...(adversary?.variables ?? {}) };
  const byVariable = new Map(Object.entries(named).map(([name, v]) => [v.name, name]));
  const list = Object.values(named);
  return async (
    batch: StepBatch,
    learningRate: number,
    stepSeed: number | undefined,
    lambda: number,
    reduction?: ReplicaReduction,
  ): Promise<StepResult> => {
    let taskLoss: tf.Scalar | undefined;
    let extra: ReturnType<Adversary['loss']> | undefined;
    setCrossReplicaSum(reduction?.sum64 ?? null);
    let value: tf.Scalar;
    let grads: tf.NamedTensorMap;
    try {
      ({ value, grads } = tf.variableGrads(() => {
        const output = trainable.model.apply(batch.x, {
          training: true,
          [STEP_SEED_KWARG]: stepSeed,
        }) as tf.Tensor2D;
        const perSample = trainable.head.perSampleLoss(output, batch.labels, batch.groups);
        const mean = batch.weights ? tf.mean(tf.mul(perSample, batch.weights)) : tf.mean(perSample);
        taskLoss = tf.keep((reduction ? tf.mul(mean, reduction.share) : mean) as tf.Scalar);
        if (!adversary || !batch.groups) return taskLoss;
        const a = adversary.loss(output, batch.groups, lambda);
        extra = { loss: tf.keep(a.loss), correct: tf.keep(a.correct), counted: tf.keep(a.counted) };
        return tf.add(taskLoss, a.loss) as tf.Scalar;
      }, list));
    } finally {
      setCrossReplicaSum(null);
    }
    try {
      const keyed = Object.fromEntries(Object.entries(grads).map(([v, g]) => [byVariable.get(v)!, g]));
      if (reduction) {
        const [loss, summed] = sumOverReplicas(taskLoss!, keyed, reduction);
        try {
          optimizer.apply(summed, learningRate);
        } finally {
          tf.dispose(Object.values(summed));
        }
        return { loss };
      }
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

/** The loss and every gradient summed over the replicas, in one exchange (keys in a fixed order). */
function sumOverReplicas(
  loss: tf.Scalar,
  grads: Record<string, tf.Tensor>,
  reduction: ReplicaReduction,
): [number, Record<string, tf.Tensor>] {
  const names = Object.keys(grads).sort();
  const total = names.reduce((n, name) => n + grads[name].size, 1);
  const flat = new Float32Array(total);
  let at = 0;
  for (const name of names) {
    flat.set(grads[name].dataSync() as Float32Array, at);
    at += grads[name].size;
  }
  flat[at] = loss.dataSync()[0];
  const summed = reduction.sum32(flat);
  at = 0;
  const out: Record<string, tf.Tensor> = {};
  for (const name of names) {
    out[name] = tf.tensor(summed.subarray(at, at + grads[name].size), grads[name].shape, 'float32');
    at += grads[name].size;
  }
  return [summed[at], out];
}
