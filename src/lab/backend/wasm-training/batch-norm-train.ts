import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { LAB_BATCH_NORM_TRAIN, LAB_BATCH_NORM_TRAIN_GRAD } from '../lab-kernels';
import { batchNormRows } from './batch-norm-forward';
import { channelDyStats } from './channel-dot';
import { rowBlock } from './row-block';
import { allocF32, heapF32, input } from './wasm-heap';

/**
 * Batch normalisation in training mode as two wasm kernels instead of tfjs-layers' chain of
 * moments (Mean, Sub, Square, Mean), FusedBatchNorm and their gradients (~15 full-size passes):
 * - forward: inputs x [..., C], gamma [C], beta [C]; outputs y, mean [C] and the biased
 *   variance [C] (what tf.moments gives); two passes over x;
 * - gradient: dx, dγ, dβ in two passes over dy and x, including the gradients reaching the mean
 *   and variance outputs.
 */

interface BatchNormTrainAttrs {
  epsilon: number;
}

export function batchNormTrainWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo[] {
  const { inputs, backend } = args;
  const { epsilon } = args.attrs as unknown as BatchNormTrainAttrs;
  const x = input(inputs, 'x');
  const channels = x.shape[x.shape.length - 1];
  const [mean, variance] = channelMoments(heapF32(backend, x), channels);
  const gamma = perChannel(backend, input(inputs, 'gamma'));
  const beta = perChannel(backend, input(inputs, 'beta'));
  const a = new Float64Array(channels);
  for (let c = 0; c < channels; c++) a[c] = gamma[c] / Math.sqrt(variance[c] + epsilon);
  const y = allocF32(backend, [...x.shape]);
  const meanOut = allocF32(backend, [channels]);
  const varianceOut = allocF32(backend, [channels]);
  // Heap views only after the last allocation (growing the heap detaches earlier ones).
  batchNormRows(heapF32(backend, x), mean, a, beta, channels, heapF32(backend, y));
  heapF32(backend, meanOut).set(mean);
  heapF32(backend, varianceOut).set(variance);
  return [y, meanOut, varianceOut];
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
  const { epsilon } = args.attrs as unknown as BatchNormTrainAttrs;
  const dy = input(inputs, 'dy');
  const x = input(inputs, 'x');
  const channels = x.shape[x.shape.length - 1];
  const size = tf.util.sizeFromShape(x.shape);
  const rows = size / channels;
  const mean = perChannel(backend, input(inputs, 'mean'));
  const gamma = perChannel(backend, input(inputs, 'gamma'));
  const variance = perChannel(backend, input(inputs, 'variance'));
  const dmean = perChannel(backend, input(inputs, 'dmean'));
  const dvar = perChannel(backend, input(inputs, 'dvariance'));
  const [s1, s2] = channelDyStats(heapF32(backend, dy), heapF32(backend, x), mean, size, channels);
  const k1 = new Float64Array(channels);
  const k2 = new Float64Array(channels);
  const k3 = new Float64Array(channels);
  const dgamma = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const rstd = 1 / Math.sqrt(variance[c] + epsilon);
    k1[c] = gamma[c] * rstd;
    k2[c] = (-gamma[c] * rstd * rstd * rstd * s2[c] + 2 * dvar[c]) / rows;
    k3[c] = (-gamma[c] * rstd * s1[c] + dmean[c]) / rows - k2[c] * mean[c];
    dgamma[c] = s2[c] * rstd;
  }
  const dx = allocF32(backend, [...x.shape]);
  const dgammaOut = allocF32(backend, [channels]);
  const dbetaOut = allocF32(backend, [channels]);
  affineOfTwo(heapF32(backend, dy), heapF32(backend, x), k1, k2, k3, channels, heapF32(backend, dx));
  heapF32(backend, dgammaOut).set(dgamma);
  heapF32(backend, dbetaOut).set(s1);
  return [dx, dgammaOut, dbetaOut];
}

/** A small per-channel parameter copied off the heap (so later allocations cannot detach it). */
function perChannel(backend: BackendWasm, info: tf.TensorInfo): Float64Array {
  return Float64Array.from(heapF32(backend, info));
}

/** Per-channel mean and biased variance of a row-major [rows, channels] matrix, in float64. */
export function channelMoments(x: Float32Array, channels: number): [Float64Array, Float64Array] {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  const n = x.length;
  const block = rowBlock(channels);
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      let q0 = 0, q1 = 0, q2 = 0, q3 = 0; // prettier-ignore
      for (let i = start + c; i < end; i += channels) {
        const v0 = x[i];
        const v1 = x[i + 1];
        const v2 = x[i + 2];
        const v3 = x[i + 3];
        s0 += v0;
        s1 += v1;
        s2 += v2;
        s3 += v3;
        q0 += v0 * v0;
        q1 += v1 * v1;
        q2 += v2 * v2;
        q3 += v3 * v3;
      }
      sum[c] += s0;
      sum[c + 1] += s1;
      sum[c + 2] += s2;
      sum[c + 3] += s3;
      sumSq[c] += q0;
      sumSq[c + 1] += q1;
      sumSq[c + 2] += q2;
      sumSq[c + 3] += q3;
    }
    for (; c < channels; c++) {
      let s = 0;
      let q = 0;
      for (let i = start + c; i < end; i += channels) {
        s += x[i];
        q += x[i] * x[i];
      }
      sum[c] += s;
      sumSq[c] += q;
    }
  }
  const rows = n / channels;
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let k = 0; k < channels; k++) {
    mean[k] = sum[k] / rows;
    variance[k] = Math.max(0, sumSq[k] / rows - mean[k] * mean[k]);
  }
  return [mean, variance];
}

/** out[r, c] = k1[c]·a[r, c] + k2[c]·b[r, c] + k3[c] over row-major [rows, channels] matrices. */
function affineOfTwo(
  a: Float32Array,
  b: Float32Array,
  k1: Float64Array,
  k2: Float64Array,
  k3: Float64Array,
  channels: number,
  out: Float32Array,
): void {
  const n = a.length;
  const block = rowBlock(channels);
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const [p0, p1, p2, p3] = [k1[c], k1[c + 1], k1[c + 2], k1[c + 3]];
      const [q0, q1, q2, q3] = [k2[c], k2[c + 1], k2[c + 2], k2[c + 3]];
      const [r0, r1, r2, r3] = [k3[c], k3[c + 1], k3[c + 2], k3[c + 3]];
      for (let i = start + c; i < end; i += channels) {
        out[i] = p0 * a[i] + q0 * b[i] + r0;
        out[i + 1] = p1 * a[i + 1] + q1 * b[i + 1] + r1;
        out[i + 2] = p2 * a[i + 2] + q2 * b[i + 2] + r2;
        out[i + 3] = p3 * a[i + 3] + q3 * b[i + 3] + r3;
      }
    }
    for (; c < channels; c++) {
      const [p, q, r] = [k1[c], k2[c], k3[c]];
      for (let i = start + c; i < end; i += channels) out[i] = p * a[i] + q * b[i] + r;
    }
  }
}

/** Gradient of {@link LAB_BATCH_NORM_TRAIN}: one call of its gradient kernel. */
export const batchNormTrainGradConfig: tf.GradConfig = {
  kernelName: LAB_BATCH_NORM_TRAIN,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [x, gamma, mean, variance] = saved;
    const [dy, dmean, dvariance] = (dys as (tf.Tensor | null)[]).map(
      (d, i) => d ?? tf.zerosLike([x, mean, variance][i]),
    );
    const [dx, dgamma, dbeta] = tf
      .engine()
      .runKernel(
        LAB_BATCH_NORM_TRAIN_GRAD,
        { dy, x, gamma, mean, variance, dmean, dvariance },
        attrs as unknown as tf.NamedAttrMap,
      ) as unknown as tf.Tensor[];
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};
