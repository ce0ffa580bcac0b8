import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { rowBlock } from './row-block';
import type { SimdLoops } from './simd/loops';
import type { LoopPool } from './simd/pool';
import { splitRows } from './split-rows';
import { addressOf, allocF32, free, heapF32, loopsOf, memoryF32, memoryF64, poolOf } from './wasm-heap';

/**
 * Per-channel passes over channel-last float32 tensors on the wasm heap ([rows, C] row-major):
 * the SIMD loops of `simd/channel-loops.ts` where WebAssembly SIMD exists, otherwise JS loops
 * over L1-sized row blocks. Per-channel results and parameters are float64.
 * The SIMD loops take rows of a multiple of 4 floats. For other C, `group` consecutive rows
 * (4 / gcd(C, 4): 2 or 4) are one SIMD row of group·C floats, in which each channel sits at
 * `group` places: parameters are tiled to that width, reductions folded back to C, and the last
 * rows % group rows (at most 3) run in JS.
 * On the threaded build the SIMD passes split their rows across the threads (`simd/pool.ts`): the
 * elementwise passes give the same bits; a reduction sums each part in float64 and then adds the
 * parts in order, so its float64 sums may differ in the last bits from one part's.
 */

/** How a [rows, C] tensor runs on the SIMD loops (see above). */
interface SimdRows {
  loops: SimdLoops;
  /** Tensor rows per SIMD row. */
  group: number;
  /** Floats per SIMD row (group·C, a multiple of 4). */
  width: number;
  /** SIMD rows; the tensor's rows from rows·group on are left to JS. */
  rows: number;
  /** The tensor's value index where the JS rows start, and where they end. */
  restFrom: number;
  size: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The SIMD layout of x as [rows, channels], or null without SIMD or a whole SIMD row. */
function simdRows(backend: BackendWasm, x: tf.TensorInfo, channels: number): SimdRows | null {
  if (channels <= 0) return null;
  const size = tf.util.sizeFromShape(x.shape);
  const group = 4 / gcd(channels, 4);
  const rows = Math.floor(size / channels / group);
  const loops = rows >= 1 ? loopsOf(backend) : null;
  if (!loops) return null;
  const width = group * channels;
  return { loops, group, width, rows, restFrom: rows * width, size };
}

/** Per-channel values repeated `group` times: one SIMD row's parameters. */
function tiled(values: Float64Array, group: number): Float64Array {
  const out = new Float64Array(values.length * group);
  for (let k = 0; k < group; k++) out.set(values, k * values.length);
  return out;
}

/** A SIMD row's per-position sums added up per channel. */
function folded(sums: Float64Array, channels: number): Float64Array {
  if (sums.length === channels) return sums;
  const out = new Float64Array(channels);
  for (let i = 0; i < sums.length; i++) out[i % channels] += sums[i];
  return out;
}

/** The pool and its row ranges for a pass over [rows, width] doing `perElement` operations per value. */
function partsOf(backend: BackendWasm, loops: SimdLoops, rows: number, width: number, perElement: number) {
  const pool: LoopPool = poolOf(backend, loops);
  const ranges = splitRows(rows, pool.partsFor(perElement * rows * width));
  return { pool, ranges };
}

/**
 * Runs a per-position float64 reduction (`slots` sums of `width` values per part) over the SIMD
 * rows and returns each slot summed over the parts, in part order, folded to `channels`.
 */
function reduceRows(
  backend: BackendWasm,
  layout: SimdRows,
  channels: number,
  slots: number,
  perElement: number,
  call: (l: SimdLoops, firstRow: number, count: number, acc: number) => void,
): Float64Array[] {
  const { loops, rows, width: w } = layout;
  const { pool, ranges } = partsOf(backend, loops, rows, w, perElement);
  const width = slots * w;
  return withScratch(backend, 2 * width * ranges.length, (at) => {
    memoryF64(backend).fill(0, at >> 3, (at >> 3) + width * ranges.length);
    pool.run(ranges.length, (p, l) => call(l, ranges[p][0], ranges[p][1], at + 8 * width * p));
    const heap = memoryF64(backend);
    const totals = heap.slice(at >> 3, (at >> 3) + width);
    for (let p = 1; p < ranges.length; p++) {
      const from = (at >> 3) + width * p;
      for (let i = 0; i < width; i++) totals[i] += heap[from + i];
    }
    return Array.from({ length: slots }, (_, k) => folded(totals.slice(k * w, (k + 1) * w), channels));
  });
}

/** Runs `body` with `floats` float32s of scratch on the heap (at a byte address), then frees it. */
export function withScratch<T>(backend: BackendWasm, floats: number, body: (at: number) => T): T {
  const scratch = allocF32(backend, [floats]);
  try {
    return body(addressOf(backend, scratch));
  } finally {
    free(backend, scratch);
  }
}

/** Float64 values, written one after another as float32 from byte address `at`. */
export function writeF32(backend: BackendWasm, at: number, values: Float64Array[]): void {
  const heap = memoryF32(backend);
  let i = at >> 2;
  for (const v of values) for (let c = 0; c < v.length; c++) heap[i++] = v[c];
}

/** A small per-channel parameter copied off the heap (so later allocations cannot detach it). */
export function perChannel(backend: BackendWasm, info: tf.TensorInfo): Float64Array {
  // The constructor converts a typed array in one go; `Float64Array.from` iterates it (~5 µs at 128 floats).
  return new Float64Array(heapF32(backend, info));
}

/** A new float32 [C] tensor holding `values`. */
export function valuesF32(backend: BackendWasm, values: Float64Array): tf.TensorInfo {
  const out = allocF32(backend, [values.length]);
  heapF32(backend, out).set(values);
  return out;
}

/**
 * A ReLU folded into a per-channel affine y = x·a + b: the passes below that take one write
 * max(y, 0), or use dy only where y > 0 (recomputed from x exactly as the forward computed y).
 */
export interface Rectifier {
  a: Float64Array;
  b: Float64Array;
}

/** Where `rectifier` passes dy in the JS rows: y = x·a + b as the JS forward rounds it, > 0. */
const passes = (rectifier: Rectifier, x: number, c: number): boolean =>
  Math.fround(x * rectifier.a[c] + rectifier.b[c]) > 0;

/** dy where x·a + b > 0, else 0, over whole [rows, channels] arrays (the JS fallback's input). */
function maskedJs(dy: Float32Array, x: Float32Array, rectifier: Rectifier, channels: number): Float32Array {
  const out = new Float32Array(dy.length);
  for (let i = 0; i < dy.length; i++) if (passes(rectifier, x[i], i % channels)) out[i] = dy[i];
  return out;
}

/** Per-channel Σx and Σx² of x, and the rows they sum over. */
export interface ChannelSums {
  sum: Float64Array;
  sumSq: Float64Array;
  rows: number;
}

/** Per-channel Σx and Σx² of x over all leading axes (see {@link momentsOf}). */
export function channelPowerSums(backend: BackendWasm, x: tf.TensorInfo, channels: number): ChannelSums {
  const layout = simdRows(backend, x, channels);
  if (!layout) return momentsJs(heapF32(backend, x), channels);
  const [xAt, cb] = [addressOf(backend, x), 4 * layout.width];
  const [sum, sumSq] = reduceRows(backend, layout, channels, 2, 2, (l, r, n, acc) =>
    l.moments(xAt + r * cb, n, cb, acc, acc + 2 * cb),
  );
  const xs = heapF32(backend, x);
  for (let i = layout.restFrom; i < layout.size; i++) {
    sum[i % channels] += xs[i];
    sumSq[i % channels] += xs[i] * xs[i];
  }
  return { sum, sumSq, rows: layout.size / channels };
}

/** Per-channel Σx over all leading axes. */
export function channelSums(backend: BackendWasm, x: tf.TensorInfo, channels: number): Float64Array {
  const layout = simdRows(backend, x, channels);
  if (!layout) return sumsJs(heapF32(backend, x), tf.util.sizeFromShape(x.shape) / channels, channels);
  const [xAt, cb] = [addressOf(backend, x), 4 * layout.width];
  const [totals] = reduceRows(backend, layout, channels, 1, 1, (l, r, n, acc) =>
    l.sums(xAt + r * cb, n, cb, acc),
  );
  const xs = heapF32(backend, x);
  for (let i = layout.restFrom; i < layout.size; i++) totals[i % channels] += xs[i];
  return totals;
}

/**
 * Per-channel Σdy and Σdy·(x − mean) (mean: float32 [C] on the heap); with a rectifier, of dy
 * where x·a + b > 0.
 */
export function channelDyStatsOf(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  x: tf.TensorInfo,
  mean: tf.TensorInfo,
  channels: number,
  rectifier?: Rectifier,
): [Float64Array, Float64Array] {
  const layout = simdRows(backend, x, channels);
  const meanValues = perChannel(backend, mean);
  if (!layout) {
    const size = tf.util.sizeFromShape(x.shape);
    const xs = heapF32(backend, x);
    const dys = rectifier ? maskedJs(heapF32(backend, dy), xs, rectifier, channels) : heapF32(backend, dy);
    return dyStatsJs(dys, xs, meanValues, size, channels);
  }
  const { group, width } = layout;
  const cb = 4 * width;
  const params = rectifier ? [meanValues, rectifier.a, rectifier.b] : [meanValues];
  const [sums, products] = withScratch(backend, params.length * width, (meanAt) => {
    writeF32(
      backend,
      meanAt,
      params.map((v) => tiled(v, group)),
    );
    const [dyAt, xAt] = [dy, x].map((t) => addressOf(backend, t));
    return reduceRows(backend, layout, channels, 2, 3, (l, r, n, acc) =>
      rectifier
        ? l.dyStatsRelu(
            dyAt + r * cb,
            xAt + r * cb,
            meanAt + cb,
            meanAt + 2 * cb,
            meanAt,
            n,
            cb,
            acc,
            acc + 2 * cb,
          )
        : l.dyStats(dyAt + r * cb, xAt + r * cb, meanAt, n, cb, acc, acc + 2 * cb),
    );
  });
  const [dys, xs] = [dy, x].map((t) => heapF32(backend, t));
  for (let i = layout.restFrom; i < layout.size; i++) {
    const c = i % channels;
    if (rectifier && !passes(rectifier, xs[i], c)) continue;
    sums[c] += dys[i];
    products[c] += dys[i] * (xs[i] - meanValues[c]);
  }
  return [sums, products];
}

/** out = x·a + b per channel; with `relu`, max(x·a + b, 0) (NaN stays NaN). */
export function channelAffine(
  backend: BackendWasm,
  x: tf.TensorInfo,
  a: Float64Array,
  b: Float64Array,
  out: tf.TensorInfo,
  channels: number,
  relu = false,
): void {
  const layout = simdRows(backend, x, channels);
  if (!layout) {
    const os = heapF32(backend, out);
    affineJs(heapF32(backend, x), a, b, channels, os);
    if (relu) for (let i = 0; i < os.length; i++) if (os[i] < 0) os[i] = 0;
    return;
  }
  const { loops, group, width, rows } = layout;
  const cb = 4 * width;
  withScratch(backend, 2 * width, (at) => {
    writeF32(backend, at, [tiled(a, group), tiled(b, group)]);
    const [xAt, outAt] = [x, out].map((t) => addressOf(backend, t));
    const { pool, ranges } = partsOf(backend, loops, rows, width, 1);
    pool.run(ranges.length, (p, l) => {
      const [r, n] = ranges[p];
      if (relu) l.affineRelu(xAt + r * cb, at, at + cb, outAt + r * cb, n, cb);
      else l.affine(xAt + r * cb, at, at + cb, outAt + r * cb, n, cb);
    });
  });
  const [xs, os] = [x, out].map((t) => heapF32(backend, t));
  for (let i = layout.restFrom; i < layout.size; i++) {
    os[i] = xs[i] * a[i % channels] + b[i % channels];
    if (relu && os[i] < 0) os[i] = 0;
  }
}

/** out = p·k1 + q·k2 + k3 per channel; with a rectifier, p only where q·a + b > 0 (else 0). */
export function channelAffineOfTwo(
  backend: BackendWasm,
  p: tf.TensorInfo,
  q: tf.TensorInfo,
  k1: Float64Array,
  k2: Float64Array,
  k3: Float64Array,
  out: tf.TensorInfo,
  channels: number,
  rectifier?: Rectifier,
): void {
  const layout = simdRows(backend, p, channels);
  if (!layout) {
    const [pv, qv, ov] = [p, q, out].map((t) => heapF32(backend, t));
    affineOfTwoJs(rectifier ? maskedJs(pv, qv, rectifier, channels) : pv, qv, k1, k2, k3, channels, ov);
    return;
  }
  const { loops, group, width, rows } = layout;
  const cb = 4 * width;
  const params = rectifier ? [k1, k2, k3, rectifier.a, rectifier.b] : [k1, k2, k3];
  withScratch(backend, params.length * width, (at) => {
    writeF32(
      backend,
      at,
      params.map((k) => tiled(k, group)),
    );
    const [pAt, qAt, outAt] = [p, q, out].map((t) => addressOf(backend, t));
    const { pool, ranges } = partsOf(backend, loops, rows, width, 2);
    pool.run(ranges.length, (part, l) => {
      const [r, n] = ranges[part];
      const [pr, qr, or] = [pAt + r * cb, qAt + r * cb, outAt + r * cb];
      if (rectifier) l.affine2Relu(pr, qr, at + 3 * cb, at + 4 * cb, at, at + cb, at + 2 * cb, or, n, cb);
      else l.affine2(pr, qr, at, at + cb, at + 2 * cb, or, n, cb);
    });
  });
  const [ps, qs, os] = [p, q, out].map((t) => heapF32(backend, t));
  for (let i = layout.restFrom; i < layout.size; i++) {
    const c = i % channels;
    const pi = rectifier && !passes(rectifier, qs[i], c) ? 0 : ps[i];
    os[i] = k1[c] * pi + k2[c] * qs[i] + k3[c];
  }
}

/** Per-channel mean and biased variance from the sums. */
export function momentsOf({ sum, sumSq, rows }: ChannelSums): [Float64Array, Float64Array] {
  // Plain loops: a typed array's map with a callback costs microseconds a call (small layers' overhead).
  const mean = new Float64Array(sum.length);
  const variance = new Float64Array(sum.length);
  for (let c = 0; c < sum.length; c++) {
    mean[c] = sum[c] / rows;
    variance[c] = Math.max(0, sumSq[c] / rows - mean[c] * mean[c]);
  }
  return [mean, variance];
}

/** Per-channel Σx and Σx² of a row-major [rows, channels] matrix, in float64. */
function momentsJs(x: Float32Array, channels: number): ChannelSums {
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
  return { sum, sumSq, rows: n / channels };
}

/** out[r, c] = k1[c]·a[r, c] + k2[c]·b[r, c] + k3[c] over row-major [rows, channels] matrices. */
function affineOfTwoJs(
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

/**
 * out[r, c] = x[r, c]·a[c] + b[c] over a row-major [rows, channels] matrix, 4 channels at a time
 * with their parameters in locals (~2× faster than a row-by-row scan), over L1-sized row blocks.
 */
function affineJs(
  x: Float32Array,
  a: Float64Array,
  b: Float64Array,
  channels: number,
  out: Float32Array,
): void {
  const n = x.length;
  const block = rowBlock(channels);
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const [a0, a1, a2, a3] = [a[c], a[c + 1], a[c + 2], a[c + 3]];
      const [o0, o1, o2, o3] = [b[c], b[c + 1], b[c + 2], b[c + 3]];
      for (let i = start + c; i < end; i += channels) {
        out[i] = x[i] * a0 + o0;
        out[i + 1] = x[i + 1] * a1 + o1;
        out[i + 2] = x[i + 2] * a2 + o2;
        out[i + 3] = x[i + 3] * a3 + o3;
      }
    }
    for (; c < channels; c++) {
      const s = a[c];
      const o = b[c];
      for (let i = start + c; i < end; i += channels) out[i] = x[i] * s + o;
    }
  }
}

/**
 * Column sums of a row-major [rows, cols] matrix, in float64. Scans 8 (then 4, then 1) columns
 * at a time with the partial sums in locals (~3× faster than accumulating into an array), over
 * blocks of ~8 KB of rows, so the passes for the column groups after the first read from L1
 * instead of memory (the lab's activations are several MB; ~10–25% faster with cold caches).
 */
function sumsJs(x: Float32Array, rows: number, cols: number): Float64Array {
  const totals = new Float64Array(cols);
  const n = rows * cols;
  const block = rowBlock(cols);
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    let c = 0;
    for (; c + 8 <= cols; c += 8) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0; // prettier-ignore
      for (let i = start + c; i < end; i += cols) {
        s0 += x[i];
        s1 += x[i + 1];
        s2 += x[i + 2];
        s3 += x[i + 3];
        s4 += x[i + 4];
        s5 += x[i + 5];
        s6 += x[i + 6];
        s7 += x[i + 7];
      }
      totals[c] += s0;
      totals[c + 1] += s1;
      totals[c + 2] += s2;
      totals[c + 3] += s3;
      totals[c + 4] += s4;
      totals[c + 5] += s5;
      totals[c + 6] += s6;
      totals[c + 7] += s7;
    }
    for (; c + 4 <= cols; c += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      for (let i = start + c; i < end; i += cols) {
        s0 += x[i];
        s1 += x[i + 1];
        s2 += x[i + 2];
        s3 += x[i + 3];
      }
      totals[c] += s0;
      totals[c + 1] += s1;
      totals[c + 2] += s2;
      totals[c + 3] += s3;
    }
    for (; c < cols; c++) {
      let s = 0;
      for (let i = start + c; i < end; i += cols) s += x[i];
      totals[c] += s;
    }
  }
  return totals;
}

/** Column sums of dy and of dy·(x − mean[col]), all in float64. */
function dyStatsJs(
  dy: Float32Array,
  x: Float32Array,
  mean: ArrayLike<number>,
  n: number,
  cols: number,
): [Float64Array, Float64Array] {
  const sumDy = new Float64Array(cols);
  const sumDyXc = new Float64Array(cols);
  const block = rowBlock(cols);
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const m0 = mean[c], m1 = mean[c + 1], m2 = mean[c + 2], m3 = mean[c + 3]; // prettier-ignore
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0; // prettier-ignore
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      for (let i = start + c; i < end; i += cols) {
        const g0 = dy[i];
        const g1 = dy[i + 1];
        const g2 = dy[i + 2];
        const g3 = dy[i + 3];
        d0 += g0;
        d1 += g1;
        d2 += g2;
        d3 += g3;
        s0 += g0 * (x[i] - m0);
        s1 += g1 * (x[i + 1] - m1);
        s2 += g2 * (x[i + 2] - m2);
        s3 += g3 * (x[i + 3] - m3);
      }
      sumDy[c] += d0;
      sumDy[c + 1] += d1;
      sumDy[c + 2] += d2;
      sumDy[c + 3] += d3;
      sumDyXc[c] += s0;
      sumDyXc[c + 1] += s1;
      sumDyXc[c + 2] += s2;
      sumDyXc[c + 3] += s3;
    }
    for (; c < cols; c++) {
      const m = mean[c];
      let d = 0;
      let s = 0;
      for (let i = start + c; i < end; i += cols) {
        d += dy[i];
        s += dy[i] * (x[i] - m);
      }
      sumDy[c] += d;
      sumDyXc[c] += s;
    }
  }
  return [sumDy, sumDyXc];
}
