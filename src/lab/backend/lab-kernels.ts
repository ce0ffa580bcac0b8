import * as tf from '@tensorflow/tfjs';

/**
 * Names of the lab's own kernels. Layers use them in training when the active backend has them
 * registered (wasm, see `wasm-training/register.ts`); every other backend runs tfjs's own ops.
 */

/** Batch norm in training mode: x, gamma, beta → y, mean, biased variance (attr `epsilon`). */
export const LAB_BATCH_NORM_TRAIN = 'LabBatchNormTrain';
/**
 * The pool LAB_BATCH_NORM_TRAIN applies after its folded ReLU (attr `pool`): a 2×2 stride-2
 * 'valid' max pool or a global average pool (`wasm-training/batch-norm-pools.ts`).
 */
export type FoldedPool = 'max2x2' | 'mean';
/** Its gradient: dy, x, gamma, mean, variance, dmean, dvariance → dx, dgamma, dbeta. */
export const LAB_BATCH_NORM_TRAIN_GRAD = 'LabBatchNormTrainGrad';
/** Conv2D plus bias whose gradient computes only the inputs that need one (FusedConv2D's always computes dx). */
export const LAB_CONV2D_BIAS = 'LabConv2DBias';
/** SGD's update of one variable: w, g[, buf] → w'[, buf'] (see `wasm-training/optimizer-steps.ts`). */
export const LAB_SGD_STEP = 'LabSgdStep';
/** Adam's update of one variable: w, g, m, v → w', m', v'. */
export const LAB_ADAM_STEP = 'LabAdamStep';
/** ReLU's gradient in one pass: dy, x → dy where x > 0, else 0. */
export const LAB_RELU_GRAD = 'LabReluGrad';
/** Dropout in one pass: x → y = x · mask, mask (0 or 1 / (1 − rate)); attrs `rate`, `seed`. */
export const LAB_DROPOUT = 'LabDropout';

/**
 * Revision of the lab's own kernels (the wasm training kernels and their SIMD loops). Part of the
 * backend calibration's cache key: bump it when they change speed, so browsers measure again.
 */
export const LAB_KERNELS_REVISION = 14;

/** Whether the active backend has `kernelName` registered. */
export function activeBackendHas(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}
