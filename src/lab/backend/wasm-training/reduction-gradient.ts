import * as tf from '@tensorflow/tfjs';
import { repeatedBlock, repeatsWhole } from './tile';

/**
 * Gradients of Sum and Mean without `ones(x.shape)`. tfjs 4.22 broadcasts dy with
 * `mul(dy, ones(x.shape))` (then divides the full-size product by the reduced size, for Mean);
 * `ones` builds the array in JavaScript and uploads it (~3 ms per million elements on wasm, where
 * batch-norm statistics make four of these a step at full activation size). Here the division
 * happens on the small dy, and the broadcast is a `tile` when the reduced axes lead or form one
 * run (fast on wasm: see tile.ts), else a multiply by a `fill` (a backend kernel):
 * the same float32 operations (×1 and ÷n commute exactly), so the values are bit-identical.
 * Backend-independent, so it replaces the gradients for every backend.
 */
function reductionGrad(kernelName: 'Sum' | 'Mean'): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const axes = tf.util.parseAxisParam((attrs as unknown as tf.SumAttrs).axis, x.shape);
      const expandedShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const reduceSize = axes.reduce((n, a) => n * x.shape[a], 1);
      return {
        x: () => {
          const expanded = tf.reshape(dy as tf.Tensor, expandedShape);
          const scaled = kernelName === 'Mean' ? tf.div(expanded, reduceSize) : expanded;
          // Leading axes reduced (batch-norm statistics): a pure repeat, one pass on wasm; one run
          // of middle axes (the grouped conv's sums): K row copies on wasm (see tile.ts).
          const reps = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
          if (repeatsWhole(expandedShape, reps) || repeatedBlock(expandedShape, reps))
            return tf.tile(scaled, reps);
          return tf.mul(scaled, tf.fill(x.shape, 1, 'float32'));
        },
      };
    },
  };
}

export const fastSumGradConfig = reductionGrad('Sum');
export const fastMeanGradConfig = reductionGrad('Mean');

/** The gradients tfjs shipped with, kept so tests can compare against them. */
export const shippedSumGradConfig: tf.GradConfig = tf.getGradient('Sum');
export const shippedMeanGradConfig: tf.GradConfig = tf.getGradient('Mean');

/** Installs the ones-free Sum and Mean gradients (idempotent). */
export function registerFastReductionGradients(): void {
  for (const config of [fastSumGradConfig, fastMeanGradConfig])
    if (tf.getGradient(config.kernelName) !== config) tf.registerGradient(config);
}
