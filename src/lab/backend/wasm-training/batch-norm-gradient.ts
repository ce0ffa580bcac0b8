import * as tf from '@tensorflow/tfjs';
import { CHANNEL_DY_STATS } from './channel-dot';
import { reducesLeadingAxes } from './channel-reduce';

/**
 * Gradient of FusedBatchNorm without `tile`. tfjs 4.22's own gradient tiles 1/σ up to the full
 * [N, H, W, C] input shape before multiplying; broadcasting does the same arithmetic without the
 * copy, and dL/dvariance and dL/dscale share one reduction S = Σ dy·(x − mean):
 *   dx = dy·γ/σ,  dmean = −γ/σ·Σdy,  dvar = −½·γ/σ³·S,  dγ = S/σ,  dβ = Σdy,  σ = √(var + ε).
 * The maths is backend-independent, so it replaces the gradient for every backend.
 */
export const fastBatchNormGradConfig: tf.GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const grad = dy as tf.Tensor;
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved;
    const gamma = scale ?? tf.scalar(1);
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    const rstd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const gammaRstd = tf.mul(gamma, rstd);
    const [sumDy, sumDyXc] = fusedDyStats(grad, x, mean, axes) ?? [
      reduce(grad),
      reduce(tf.mul(grad, tf.sub(x, mean))),
    ];
    return {
      x: () => tf.mul(grad, gammaRstd),
      mean: () => tf.neg(tf.mul(gammaRstd, sumDy)),
      variance: () => tf.mul(tf.mul(gammaRstd, tf.square(rstd)), tf.mul(sumDyXc, tf.scalar(-0.5))),
      scale: () => tf.mul(sumDyXc, rstd),
      offset: () => sumDy,
    };
  },
};

/**
 * Σdy and Σdy·(x − mean) in one pass on wasm, when mean holds one value per channel and the
 * reduction is over all leading axes (the lab's layers); undefined otherwise (use the ops).
 */
function fusedDyStats(
  dy: tf.Tensor,
  x: tf.Tensor,
  mean: tf.Tensor,
  axes: number[],
): [tf.Tensor, tf.Tensor] | undefined {
  if (tf.getBackend() !== 'wasm' || !tf.getKernel(CHANNEL_DY_STATS, 'wasm')) return undefined;
  const channels = x.shape[x.shape.length - 1];
  const f32 = [dy, x, mean].every((t) => t.dtype === 'float32');
  if (!f32 || x.rank < 2 || mean.size !== channels || x.size === 0) return undefined;
  if (!tf.util.arraysEqual(dy.shape, x.shape) || !reducesLeadingAxes(x.shape, axes)) return undefined;
  const flatMean = tf.reshape(mean, [channels]);
  const [sumDy, sumDyXc] = tf
    .engine()
    .runKernel(CHANNEL_DY_STATS, { dy, x, mean: flatMean }) as unknown as tf.Tensor[];
  return [tf.reshape(sumDy, mean.shape), tf.reshape(sumDyXc, mean.shape)];
}

/** The gradient tfjs shipped with (registered when tfjs loaded), kept so tests can compare against it. */
export const shippedBatchNormGradConfig: tf.GradConfig = tf.getGradient('FusedBatchNorm');

/** Installs the broadcast-only batch-norm gradient (idempotent). */
export function registerFastBatchNormGradient(): void {
  if (tf.getGradient('FusedBatchNorm') !== fastBatchNormGradConfig)
    tf.registerGradient(fastBatchNormGradConfig);
}
