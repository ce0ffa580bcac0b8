import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { perChannel, type Rectifier, withScratch, writeF32 } from './channel-passes';
import { partSums } from './pooled-channel-passes';
import type { SimdLoops } from './simd/loops';
import type { LoopPool } from './simd/pool';
import { splitRows } from './split-rows';
import { addressOf, heapF32, loopsOf, memoryF32, poolOf } from './wasm-heap';

/**
 * Batch norm's passes with its ReLU and a global average pool folded in, over [n, h, w, C]
 * float32 tensors (C a multiple of 4, h·w ≥ 2) on the SIMD loops of `simd/pooled-channel-loops.ts`;
 * images split across the threads. The forward sums each image's rectified values in position
 * order and divides by h·w, as tfjs's Mean does on the lab's middle-axis sum; the gradient divides
 * the pooled dy by h·w (as Mean's gradient does) and lets it stand for every position's.
 */
export interface AveragedImages {
  loops: SimdLoops;
  pool: LoopPool;
  images: number;
  /** h·w. */
  positions: number;
  /** Bytes a pixel (4C). */
  cb: number;
  channels: number;
}

/** x's images, or null where the averaged passes do not apply. */
export function averagedImages(backend: BackendWasm, x: tf.TensorInfo): AveragedImages | null {
  if (x.shape.length !== 4) return null;
  const [images, h, w, channels] = x.shape;
  if (channels % 4 !== 0 || h * w < 2 || images * channels === 0) return null;
  const loops = loopsOf(backend);
  if (!loops) return null;
  return { loops, pool: poolOf(backend, loops), images, positions: h * w, cb: 4 * channels, channels };
}

/** Runs `call(loops, firstImage, images, part)` over the images, split as `perValue` work allows. */
function overImages(
  av: AveragedImages,
  perValue: number,
  call: (l: SimdLoops, first: number, count: number, part: number) => void,
): number {
  const ranges = splitRows(av.images, av.pool.partsFor(perValue * av.images * av.positions * av.channels));
  av.pool.run(ranges.length, (p, l) => call(l, ranges[p][0], ranges[p][1], p));
  return ranges.length;
}

/** out ([n, C]) = each image's mean over its positions of max(x·a + b, 0). */
export function affineReluAveraged(
  backend: BackendWasm,
  av: AveragedImages,
  x: tf.TensorInfo,
  rectifier: Rectifier,
  out: tf.TensorInfo,
): void {
  const { cb, positions } = av;
  withScratch(backend, 2 * av.channels, (at) => {
    writeF32(backend, at, [rectifier.a, rectifier.b]);
    const [xAt, outAt] = [x, out].map((t) => addressOf(backend, t));
    overImages(av, 1, (l, first, n) =>
      l.affineReluSum(xAt + first * positions * cb, at, at + cb, outAt + first * cb, n, positions, cb),
    );
  });
  const values = heapF32(backend, out);
  for (let i = 0; i < values.length; i++) values[i] /= positions;
}

/** Runs `body` with the pooled dy divided by h·w (float32, as tf.div rounds it) on the heap. */
function withDividedDy<T>(
  backend: BackendWasm,
  av: AveragedImages,
  dy: tf.TensorInfo,
  body: (at: number) => T,
): T {
  return withScratch(backend, av.images * av.channels, (at) => {
    const from = heapF32(backend, dy);
    const to = memoryF32(backend);
    for (let i = 0, o = at >> 2; i < from.length; i++) to[o + i] = from[i] / av.positions;
    return body(at);
  });
}

/** Per-channel Σd and Σd·(x − mean), d = dy[image]/(h·w) where x·a + b > 0, else 0. */
export function dyStatsReluAveraged(
  backend: BackendWasm,
  av: AveragedImages,
  dy: tf.TensorInfo,
  x: tf.TensorInfo,
  mean: tf.TensorInfo,
  rectifier: Rectifier,
): [Float64Array, Float64Array] {
  const { cb, positions, channels } = av;
  return withDividedDy(backend, av, dy, (dyAt) =>
    withScratch(backend, 3 * channels, (at) => {
      writeF32(backend, at, [perChannel(backend, mean), rectifier.a, rectifier.b]);
      const xAt = addressOf(backend, x);
      return partSums(backend, av.pool.threads, channels, (sums) =>
        overImages(av, 3, (l, first, n, p) =>
          l.dyStatsReluRepeated(
            dyAt + first * cb,
            xAt + first * positions * cb,
            at + cb,
            at + 2 * cb,
            at,
            n,
            positions,
            cb,
            sums(p),
            sums(p) + 8 * channels,
          ),
        ),
      );
    }),
  );
}

/** dx = d·k1 + x·k2 + k3 per channel, d as in {@link dyStatsReluAveraged}. */
export function affine2ReluAveraged(
  backend: BackendWasm,
  av: AveragedImages,
  dy: tf.TensorInfo,
  x: tf.TensorInfo,
  [k1, k2, k3]: [Float64Array, Float64Array, Float64Array],
  rectifier: Rectifier,
  dx: tf.TensorInfo,
): void {
  const { cb, positions } = av;
  withDividedDy(backend, av, dy, (dyAt) =>
    withScratch(backend, 5 * av.channels, (at) => {
      writeF32(backend, at, [k1, k2, k3, rectifier.a, rectifier.b]);
      const [xAt, dxAt] = [x, dx].map((t) => addressOf(backend, t));
      overImages(av, 2, (l, first, n) => {
        const image = first * positions * cb;
        l.affine2ReluRepeated(
          dyAt + first * cb,
          xAt + image,
          at + 3 * cb,
          at + 4 * cb,
          at,
          at + cb,
          at + 2 * cb,
          dxAt + image,
          n,
          positions,
          cb,
        );
      });
    }),
  );
}
