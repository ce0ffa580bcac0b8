import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { SimdLoops } from './simd/loops';
import { addressOf, allocF32, loopsOf, memoryF32, viewAs, zeroFloats } from './wasm-heap';

/** A copy of `t` whose last axis is `width` wide: cut short, or padded with zeros. */
export function resizeLastAxis(backend: BackendWasm, t: tf.TensorInfo, width: number): tf.TensorInfo {
  const from = t.shape[t.shape.length - 1];
  const rows = t.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const loops = loopsOf(backend);
  if (loops) {
    // One SIMD call: the JS loops below were ~3 % of a DPN step (per-row copyWithin or elements).
    const out = resizeLastTwoAxes(backend, loops, viewAs(t, [rows, from]), rows, width);
    out.shape = [...t.shape.slice(0, -1), width];
    return out;
  }
  const out = allocF32(backend, [...t.shape.slice(0, -1), width]);
  // One view of the whole heap, made after the allocation (which may grow the memory).
  const heap = memoryF32(backend);
  const common = Math.min(from, width);
  const src = addressOf(backend, t) >> 2;
  const dst = addressOf(backend, out) >> 2;
  if (common >= WIDE_ROW) {
    if (width > common) heap.fill(0, dst, dst + rows * width);
    for (let r = 0; r < rows; r++) heap.copyWithin(dst + r * width, src + r * from, src + r * from + common);
    return out;
  }
  for (let r = 0, s = src, d = dst; r < rows; r++, s += from, d += width) {
    for (let c = 0; c < common; c++) heap[d + c] = heap[s + c];
    for (let c = common; c < width; c++) heap[d + c] = 0;
  }
  return out;
}

/** Row length from which copyWithin beats an element loop (its speed, measured: 2 or 10 floats 0.6×, 41 3.9×, 82 6×). */
const WIDE_ROW = 16;

/**
 * A copy of `t` `[..., r, c]` as `[..., rows, cols]` on the SIMD row copies: each of the last two
 * axes cut short or padded with zeros (a 3×3 filter's channels, or an activation's as `[pixels, c]`).
 */
export function resizeLastTwoAxes(
  backend: BackendWasm,
  loops: SimdLoops,
  t: tf.TensorInfo,
  rows: number,
  cols: number,
): tf.TensorInfo {
  const [r, c] = t.shape.slice(-2);
  const outer = t.shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const out = allocF32(backend, [...t.shape.slice(0, -2), rows, cols]);
  const [src, dst] = [addressOf(backend, t), addressOf(backend, out)];
  if (rows > r || cols > c) zeroFloats(backend, dst, outer * rows * cols);
  const [common, width] = [Math.min(r, rows), Math.min(c, cols)];
  for (let o = 0; o < outer; o++)
    loops.copyRows(dst + 4 * o * rows * cols, 4 * cols, src + 4 * o * r * c, 4 * c, common, 4 * width);
  return out;
}
