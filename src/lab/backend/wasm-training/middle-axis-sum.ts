import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { splitRows } from './split-rows';
import { addressOf, allocF32, free, loopsOf, memoryF32, poolOf } from './wasm-heap';

/**
 * Sum over a run of middle axes: x viewed as [outer, K, C] (the axes before, the reduced ones,
 * the ones after) summed over K, as the grouped conv's per-group sums over its inputs
 * (`models/ops/grouped-conv2d.ts`: [pixels·groups, Cin/groups, Cout/groups]). The shipped kernel
 * transposes x so the reduced axes are innermost, then sums: ~2.3 ms for the DPN's
 * [65536, 4, 4]. Here: a copy of slice 0, then K − 1 SIMD passes adding slice k (`mulAddRows`
 * with weights 1, exact), each over every outer row. Float32 sums in k order.
 * Returns null (the caller's shipped kernel) unless C is a multiple of 4 and SIMD exists.
 */
export function middleAxisSum(
  backend: BackendWasm,
  x: tf.TensorInfo,
  outer: number,
  k: number,
  channels: number,
  outShape: number[],
): tf.TensorInfo | null {
  const loops = channels % 4 === 0 && outer * k * channels > 0 ? loopsOf(backend) : null;
  if (!loops) return null;
  const out = allocF32(backend, outShape);
  const ones = allocF32(backend, [channels]);
  memoryF32(backend).fill(1, addressOf(backend, ones) >> 2, (addressOf(backend, ones) >> 2) + channels);
  const [xAt, outAt, onesAt] = [x, out, ones].map((t) => addressOf(backend, t));
  const [cb, stride] = [4 * channels, 4 * k * channels];
  const pool = poolOf(backend, loops);
  const ranges = splitRows(outer, pool.partsFor(outer * k * channels));
  pool.run(ranges.length, (p, l) => {
    const [first, count] = ranges[p];
    const [src, dst] = [xAt + first * stride, outAt + first * cb];
    l.copyRows(dst, cb, src, stride, count, cb);
    for (let i = 1; i < k; i++) l.mulAddRows(dst, cb, src + i * cb, stride, onesAt, count, cb);
  });
  free(backend, ones);
  return out;
}
