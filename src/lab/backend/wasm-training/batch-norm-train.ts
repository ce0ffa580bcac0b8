import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { LAB_BATCH_NORM_TRAIN, LAB_BATCH_NORM_TRAIN_GRAD } from '../lab-kernels';
import {
  channelAffine,
  channelAffineOfTwo,
  channelDyStatsOf,
  channelPowerSums,
  type ChannelSums,
  momentsOf,
  perChannel,
  type Rectifier,
  valuesF32,
} from './channel-passes';
import { crossReplicaSum } from './cross-replica';
import {
  type FoldedPool,
  type PooledGradient,
  pooledGradient,
  pooledShape,
  rectifiedPool,
} from './batch-norm-pools';
import { allocF32, input } from './wasm-heap';

/**
 * Batch normalisation in training mode as two wasm kernels instead of tfjs-layers' chain of
 * moments (Mean, Sub, Square, Mean), FusedBatchNorm and their gradients (~15 full-size passes):
 * - forward: inputs x [..., C], gamma [C], beta [C]; outputs y, mean [C] and the biased
 *   variance [C] (what tf.moments gives); two passes over x. Given movingMean and movingVariance
 *   [C] and a momentum, also their updated values;
 * - gradient: dx, dγ, dβ in two passes over dy and x, including the gradients reaching the mean
 *   and variance outputs.
 * With attr `relu` the forward outputs max(y, 0) and the gradient masks dy by the recomputed
 * y > 0 (a following ReLU folded in: two full-size passes and the pre-ReLU tensor fewer).
 * With attrs `relu` and `pool` the forward outputs a pool of max(y, 0) instead (a 2×2 stride-2
 * max pool, or a global average), and the gradient takes the pooled dy: neither the rectified
 * tensor nor its gradient is written (`batch-norm-pools.ts`).
 * The passes are the SIMD loops of `simd/channel-loops.ts` when C is a multiple of 4, JS loops otherwise.
 * In a data-parallel step the per-channel sums are summed over the replicas (`cross-replica.ts`),
 * so every replica normalises by the whole batch's statistics.
 */

interface BatchNormTrainAttrs {
  epsilon: number;
  /** With the moving statistics as inputs: their momentum (tfjs-layers', e.g. 0.99). */
  momentum?: number;
  /** Output max(y, 0): the following ReLU folded in (`models/layers/batch-norm-relu.ts`). */
  relu?: boolean;
  /** With `relu`: output this pool of max(y, 0) (`models/layers/batch-norm-relu.ts`). */
  pool?: FoldedPool;
}

/**
 * y = x·a + b per channel, a = γ/√(var + ε), b = β − mean·a, from the float32 statistics the
 * forward outputs: the gradient recomputes the same a and b, so a folded ReLU's mask
 * (x·a + b > 0) is the forward's, bit for bit.
 */
function affineOf(
  gamma: Float64Array,
  beta: Float64Array,
  mean: Float64Array,
  variance: Float64Array,
  epsilon: number,
): Rectifier {
  const channels = gamma.length;
  const a = new Float64Array(channels);
  const b = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    a[c] = gamma[c] / Math.sqrt(variance[c] + epsilon);
    b[c] = beta[c] - mean[c] * a[c];
  }
  return { a, b };
}

export function batchNormTrainWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo[] {
  const { inputs, backend } = args;
  const { epsilon, relu, pool } = args.attrs as unknown as BatchNormTrainAttrs;
  if (pool && !relu) throw new Error(`${LAB_BATCH_NORM_TRAIN}: a folded pool needs the folded ReLU`);
  const x = input(inputs, 'x');
  const channels = x.shape[x.shape.length - 1];
  const [mean, variance] = momentsOf(wholeBatch(channelPowerSums(backend, x, channels)));
  for (const v of [mean, variance]) for (let c = 0; c < channels; c++) v[c] = Math.fround(v[c]);
  const gamma = perChannel(backend, input(inputs, 'gamma'));
  const beta = perChannel(backend, input(inputs, 'beta'));
  const { a, b } = affineOf(gamma, beta, mean, variance, epsilon);
  const y = pool ? rectifiedPool(backend, pool, x, { a, b }) : allocF32(backend, [...x.shape]);
  if (!pool) channelAffine(backend, x, a, b, y, channels, relu === true);
  const outputs = [y, valuesF32(backend, mean), valuesF32(backend, variance)];
  if (!inputs.movingMean || !inputs.movingVariance) return outputs;
  // The moving statistics as tfjs-layers updates them, m − (m − value)·(1 − momentum), here
  // rather than as 6 small kernels a layer and step.
  const { momentum } = args.attrs as unknown as BatchNormTrainAttrs;
  if (momentum === undefined) throw new Error(`${LAB_BATCH_NORM_TRAIN}: moving statistics need a momentum`);
  const decay = 1 - momentum;
  const moved = (moving: tf.TensorInfo, value: Float64Array) => {
    const m = perChannel(backend, moving);
    for (let c = 0; c < channels; c++) m[c] = m[c] - (m[c] - value[c]) * decay;
    return valuesF32(backend, m);
  };
  return [...outputs, moved(inputs.movingMean, mean), moved(inputs.movingVariance, variance)];
}

/**
 * With σ = √(var + ε), x̂ = (x − mean)/σ, N rows, S₁ = Σdy, S₂ = Σdy·(x − mean):
 *   dγ = S₂/σ,  dβ = S₁,
 *   dx = γ/σ·(dy − S₁/N − x̂·S₂/(σN)) + dmean/N + 2·dvar·(x − mean)/N,
 * written per channel as dx = k₁·dy + k₂·x + k₃.
 */
export function batchNormTrainGradWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo[] {
  const { inputs, backend } = args;
  const { epsilon, relu, pool } = args.attrs as unknown as BatchNormTrainAttrs;
  const dy = input(inputs, 'dy');
  const x = input(inputs, 'x');
  const meanInfo = input(inputs, 'mean');
  const mean = perChannel(backend, meanInfo);
  const gamma = perChannel(backend, input(inputs, 'gamma'));
  const variance = perChannel(backend, input(inputs, 'variance'));
  const dmean = perChannel(backend, input(inputs, 'dmean'));
  const dvar = perChannel(backend, input(inputs, 'dvariance'));
  // A folded ReLU passes dy only where the forward's x·a + b > 0.
  const mask = relu
    ? affineOf(gamma, perChannel(backend, input(inputs, 'beta')), mean, variance, epsilon)
    : undefined;
  if (pool && !mask) throw new Error(`${LAB_BATCH_NORM_TRAIN_GRAD}: a folded pool needs the folded ReLU`);
  const pooled = pool && mask ? pooledGradient(backend, pool, dy, x, mask) : null;
  try {
    return gradientPasses(
      backend,
      args.attrs,
      { dy, x, meanInfo, mean, gamma, variance, dmean, dvar },
      mask,
      pooled,
    );
  } finally {
    pooled?.dispose();
  }
}

/** The gradient's two passes and the per-channel arithmetic between them. */
function gradientPasses(
  backend: BackendWasm,
  attrs: tf.NamedAttrMap,
  values: {
    dy: tf.TensorInfo;
    x: tf.TensorInfo;
    meanInfo: tf.TensorInfo;
    mean: Float64Array;
    gamma: Float64Array;
    variance: Float64Array;
    dmean: Float64Array;
    dvar: Float64Array;
  },
  mask: Rectifier | undefined,
  pooled: PooledGradient | null,
): tf.TensorInfo[] {
  const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
  const { dy, x, meanInfo, mean, gamma, variance, dmean, dvar } = values;
  const channels = x.shape[x.shape.length - 1];
  const [s1, s2] = pooled
    ? pooled.dyStats(meanInfo)
    : channelDyStatsOf(backend, dy, x, meanInfo, channels, mask);
  // dγ and dβ stay this replica's share (the step sums gradients); dx needs the whole batch's sums.
  const rowsHere = tf.util.sizeFromShape(x.shape) / channels;
  const all = crossReplicaSum(packed([s1, s2, dmean, dvar], rowsHere));
  const [s1All, s2All, dmeanAll, dvarAll] = [0, 1, 2, 3].map((i) =>
    all.subarray(i * channels, (i + 1) * channels),
  );
  const rows = all[4 * channels];
  const k1 = new Float64Array(channels);
  const k2 = new Float64Array(channels);
  const k3 = new Float64Array(channels);
  const dgamma = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const rstd = 1 / Math.sqrt(variance[c] + epsilon);
    k1[c] = gamma[c] * rstd;
    k2[c] = (-gamma[c] * rstd * rstd * rstd * s2All[c] + 2 * dvarAll[c]) / rows;
    k3[c] = (-gamma[c] * rstd * s1All[c] + dmeanAll[c]) / rows - k2[c] * mean[c];
    dgamma[c] = s2[c] * rstd;
  }
  const dx = allocF32(backend, [...x.shape]);
  if (pooled) pooled.dx([k1, k2, k3], dx);
  else channelAffineOfTwo(backend, dy, x, k1, k2, k3, dx, channels, mask);
  return [dx, valuesF32(backend, dgamma), valuesF32(backend, s1)];
}

/** The per-channel arrays one after another, then the row count. */
function packed(arrays: Float64Array[], rows: number): Float64Array {
  const c = arrays[0].length;
  const out = new Float64Array(arrays.length * c + 1);
  arrays.forEach((a, i) => out.set(a, i * c));
  out[arrays.length * c] = rows;
  return out;
}

/** The sums over every replica's rows (see `cross-replica.ts`). */
function wholeBatch({ sum, sumSq, rows }: ChannelSums): ChannelSums {
  const c = sum.length;
  const all = crossReplicaSum(packed([sum, sumSq], rows));
  return { sum: all.subarray(0, c), sumSq: all.subarray(c, 2 * c), rows: all[2 * c] };
}

/** Gradient of {@link LAB_BATCH_NORM_TRAIN}: one call of its gradient kernel. */
export const batchNormTrainGradConfig: tf.GradConfig = {
  kernelName: LAB_BATCH_NORM_TRAIN,
  inputsToSave: ['x', 'gamma', 'beta'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [x, gamma, beta, mean, variance] = saved;
    const { pool } = attrs as unknown as BatchNormTrainAttrs;
    const yShape = pool ? pooledShape(pool, x.shape) : x.shape;
    // The updated moving statistics (outputs 3 and 4) take no gradient.
    const [dy, dmean, dvariance] = (dys as (tf.Tensor | null)[])
      .slice(0, 3)
      .map((d, i) => d ?? tf.zeros(i === 0 ? yShape : mean.shape));
    const [dx, dgamma, dbeta] = tf
      .engine()
      .runKernel(
        LAB_BATCH_NORM_TRAIN_GRAD,
        { dy, x, gamma, beta, mean, variance, dmean, dvariance },
        attrs as unknown as tf.NamedAttrMap,
      ) as unknown as tf.Tensor[];
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};
