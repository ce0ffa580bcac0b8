import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { FoldedPool } from '../lab-kernels';
import {
  affine2ReluAveraged,
  affineReluAveraged,
  averagedImages,
  dyStatsReluAveraged,
} from './averaged-channel-passes';
import { channelAffine, channelAffineOfTwo, channelDyStatsOf, type Rectifier } from './channel-passes';
import { maxPoolGradWasm } from './max-pool-grad';
import { affine2ReluPooled, affineReluPooled, dyStatsReluPooled, poolWindows } from './pooled-channel-passes';
import { allocF32, free, heapF32 } from './wasm-heap';

/**
 * The pool a batch-norm training kernel applies after its folded ReLU (attr `pool`): a 2×2
 * stride-2 'valid' max pool, or a global average pool. Its forward writes only the pooled
 * tensor and its gradient takes the pooled dy, on the loops of `pooled-channel-passes.ts` and
 * `averaged-channel-passes.ts` where they apply; other shapes (and engines without SIMD) go
 * through the full-size rectified tensor and gradient, with the same results.
 */
export type { FoldedPool };

/** The pooled output's shape for x's. */
export function pooledShape(pool: FoldedPool, shape: readonly number[]): number[] {
  const [n, h, w, c] = shape;
  return pool === 'mean' ? [n, c] : [n, Math.floor(h / 2), Math.floor(w / 2), c];
}

/** The pool of max(x·a + b, 0). */
export function rectifiedPool(
  backend: BackendWasm,
  pool: FoldedPool,
  x: tf.TensorInfo,
  rectifier: Rectifier,
): tf.TensorInfo {
  const out = allocF32(backend, pooledShape(pool, x.shape));
  const windows = pool === 'max2x2' ? poolWindows(backend, x) : null;
  const images = pool === 'mean' ? averagedImages(backend, x) : null;
  if (windows) affineReluPooled(backend, windows, x, rectifier, out);
  else if (images) affineReluAveraged(backend, images, x, rectifier, out);
  else {
    const y = allocF32(backend, [...x.shape]);
    channelAffine(backend, x, rectifier.a, rectifier.b, y, x.shape[3], true);
    (pool === 'mean' ? averageJs : maxPool2x2Js)(heapF32(backend, y), x.shape, heapF32(backend, out));
    free(backend, y);
  }
  return out;
}

/** The gradient passes of a batch norm whose pooled output got `dy` (see `batch-norm-train.ts`). */
export interface PooledGradient {
  /** Per-channel Σd and Σd·(x − mean), d the gradient reaching each position of max(y, 0) where y > 0. */
  dyStats(mean: tf.TensorInfo): [Float64Array, Float64Array];
  /** dx = d·k1 + x·k2 + k3 per channel. */
  dx(k: [Float64Array, Float64Array, Float64Array], dx: tf.TensorInfo): void;
  dispose(): void;
}

export function pooledGradient(
  backend: BackendWasm,
  pool: FoldedPool,
  dy: tf.TensorInfo,
  x: tf.TensorInfo,
  rectifier: Rectifier,
): PooledGradient {
  const windows = pool === 'max2x2' ? poolWindows(backend, x) : null;
  if (windows)
    return {
      dyStats: (mean) => dyStatsReluPooled(backend, windows, dy, x, mean, rectifier),
      dx: (k, dx) => affine2ReluPooled(backend, windows, dy, x, k, rectifier, dx),
      dispose: () => undefined,
    };
  const images = pool === 'mean' ? averagedImages(backend, x) : null;
  if (images)
    return {
      dyStats: (mean) => dyStatsReluAveraged(backend, images, dy, x, mean, rectifier),
      dx: (k, dx) => affine2ReluAveraged(backend, images, dy, x, k, rectifier, dx),
      dispose: () => undefined,
    };
  const full =
    pool === 'mean' ? repeatedGradient(backend, dy, x.shape) : routedGradient(backend, dy, x, rectifier);
  const channels = x.shape[3];
  return {
    dyStats: (mean) => channelDyStatsOf(backend, full, x, mean, channels, rectifier),
    dx: ([k1, k2, k3], dx) => channelAffineOfTwo(backend, full, x, k1, k2, k3, dx, channels, rectifier),
    dispose: () => free(backend, full),
  };
}

/** dy routed to x's size as MaxPoolGrad routes it over the recomputed max(x·a + b, 0). */
function routedGradient(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  x: tf.TensorInfo,
  rectifier: Rectifier,
): tf.TensorInfo {
  const y = allocF32(backend, [...x.shape]);
  channelAffine(backend, x, rectifier.a, rectifier.b, y, x.shape[3], true);
  const attrs = { filterSize: 2, strides: 2, pad: 'valid' } as unknown as tf.NamedAttrMap;
  const routed = maxPoolGradWasm({ inputs: { dy, input: y }, backend, attrs });
  free(backend, y);
  return routed;
}

/** dy ([n, C]) divided by h·w and repeated at every position, as Mean's gradient gives it. */
function repeatedGradient(backend: BackendWasm, dy: tf.TensorInfo, shape: readonly number[]): tf.TensorInfo {
  const [n, h, w, c] = shape;
  const out = allocF32(backend, [...shape]);
  const [from, to] = [heapF32(backend, dy), heapF32(backend, out)];
  const positions = h * w;
  for (let b = 0, o = 0; b < n; b++)
    for (let p = 0; p < positions; p++)
      for (let ch = 0; ch < c; ch++) to[o++] = Math.fround(from[b * c + ch] / positions);
  return out;
}

/** out = the 2×2 stride-2 'valid' max pool of y ([n, h, w, C] row-major; a trailing odd row or column unread). */
export function maxPool2x2Js(y: Float32Array, shape: readonly number[], out: Float32Array): void {
  const [n, h, w, c] = shape;
  const [oh, ow] = [Math.floor(h / 2), Math.floor(w / 2)];
  let o = 0;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c; ch++, o++) {
          const at = ((b * h + 2 * i) * w + 2 * j) * c + ch;
          out[o] = Math.max(y[at], y[at + c], y[at + w * c], y[at + w * c + c]);
        }
}

/** out ([n, C]) = each image's float32 sum of y over its positions, in position order, over h·w. */
function averageJs(y: Float32Array, shape: readonly number[], out: Float32Array): void {
  const [n, h, w, c] = shape;
  const positions = h * w;
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++) {
      let sum = y[b * positions * c + ch];
      for (let p = 1; p < positions; p++) sum = Math.fround(sum + y[(b * positions + p) * c + ch]);
      out[b * c + ch] = sum / positions;
    }
}
