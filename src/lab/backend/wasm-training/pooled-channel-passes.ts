import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { perChannel, type Rectifier, withScratch, writeF32 } from './channel-passes';
import type { SimdLoops } from './simd/loops';
import type { LoopPool } from './simd/pool';
import { splitRows } from './split-rows';
import { addressOf, loopsOf, memoryF64, poolOf } from './wasm-heap';

/**
 * Batch norm's passes with its ReLU and a 2×2 stride-2 max pool folded in, over [n, h, w, C]
 * float32 tensors whose windows tile them exactly (even h and w) with C a multiple of 4, on the
 * SIMD loops of `simd/pooled-channel-loops.ts`. Window rows split across the threads; a
 * reduction's parts are added in order, as `channel-passes.ts` does.
 */
export interface PoolWindows {
  loops: SimdLoops;
  pool: LoopPool;
  /** Window rows (n·h/2), windows a row (w/2), bytes a pixel (4C). */
  outRows: number;
  ow: number;
  cb: number;
  channels: number;
}

/** x's windows, or null where the pooled passes do not apply (no SIMD, odd sizes, C not a multiple of 4). */
export function poolWindows(backend: BackendWasm, x: tf.TensorInfo): PoolWindows | null {
  if (x.shape.length !== 4) return null;
  const [n, h, w, channels] = x.shape;
  if (channels % 4 !== 0 || h % 2 !== 0 || w % 2 !== 0 || n * h * w * channels === 0) return null;
  const loops = loopsOf(backend);
  if (!loops) return null;
  return { loops, pool: poolOf(backend, loops), outRows: (n * h) / 2, ow: w / 2, cb: 4 * channels, channels };
}

/** Runs `call(loops, firstWindowRow, windowRows)` over the window rows, split as `work` allows. */
function overWindowRows(
  win: PoolWindows,
  perValue: number,
  call: (l: SimdLoops, first: number, count: number, part: number) => void,
): number {
  const ranges = splitRows(
    win.outRows,
    win.pool.partsFor(perValue * 4 * win.outRows * win.ow * win.channels),
  );
  win.pool.run(ranges.length, (p, l) => call(l, ranges[p][0], ranges[p][1], p));
  return ranges.length;
}

/** Bytes of input (2 rows of 2·ow pixels) and of pooled output a window row. */
const strides = (win: PoolWindows): [number, number] => [4 * win.ow * win.cb, win.ow * win.cb];

/** out (pooled, [n, h/2, w/2, C]) = each window's max of max(x·a + b, 0). */
export function affineReluPooled(
  backend: BackendWasm,
  win: PoolWindows,
  x: tf.TensorInfo,
  rectifier: Rectifier,
  out: tf.TensorInfo,
): void {
  const { cb, ow } = win;
  const [inRow, outRow] = strides(win);
  withScratch(backend, 2 * win.channels, (at) => {
    writeF32(backend, at, [rectifier.a, rectifier.b]);
    const [xAt, outAt] = [x, out].map((t) => addressOf(backend, t));
    overWindowRows(win, 1, (l, r, n) =>
      l.affineReluPool2x2(xAt + r * inRow, at, at + cb, outAt + r * outRow, n, ow, cb),
    );
  });
}

/**
 * Per-channel Σd and Σd·(x − mean), d the pooled gradient dy at the position of its window that
 * takes it (the first maximum of the rectified values, where x·a + b > 0).
 */
export function dyStatsReluPooled(
  backend: BackendWasm,
  win: PoolWindows,
  dy: tf.TensorInfo,
  x: tf.TensorInfo,
  mean: tf.TensorInfo,
  rectifier: Rectifier,
): [Float64Array, Float64Array] {
  const { cb, ow, channels } = win;
  const [inRow, outRow] = strides(win);
  return withScratch(backend, 3 * channels, (at) => {
    writeF32(backend, at, [perChannel(backend, mean), rectifier.a, rectifier.b]);
    const [dyAt, xAt] = [dy, x].map((t) => addressOf(backend, t));
    return partSums(backend, win.pool.threads, channels, (sums) =>
      overWindowRows(win, 3, (l, r, n, p) =>
        l.dyStatsReluPool2x2(
          dyAt + r * outRow,
          xAt + r * inRow,
          at + cb,
          at + 2 * cb,
          at,
          n,
          ow,
          cb,
          sums(p),
          sums(p) + 8 * channels,
        ),
      ),
    );
  });
}

/**
 * Σd and Σd·(x − mean) per channel from per-part float64 slots: `run(sums)` runs the parts (at
 * most `threads`), part p adding into the 2C f64 at byte address `sums(p)`, and returns how many
 * ran; the parts' slots are added in order.
 */
export function partSums(
  backend: BackendWasm,
  threads: number,
  channels: number,
  run: (sums: (part: number) => number) => number,
): [Float64Array, Float64Array] {
  const slots = 2 * channels;
  return withScratch(backend, 2 * slots * threads, (acc) => {
    const heapAt = acc >> 3;
    memoryF64(backend).fill(0, heapAt, heapAt + slots * threads);
    const parts = run((p) => acc + 8 * slots * p);
    const heap = memoryF64(backend);
    const totals = heap.slice(heapAt, heapAt + slots);
    for (let p = 1; p < parts; p++) for (let i = 0; i < slots; i++) totals[i] += heap[heapAt + slots * p + i];
    return [totals.slice(0, channels), totals.slice(channels)];
  });
}

/** dx = d·k1 + x·k2 + k3 per channel, d as in {@link dyStatsReluPooled} (0 where no window's gradient goes). */
export function affine2ReluPooled(
  backend: BackendWasm,
  win: PoolWindows,
  dy: tf.TensorInfo,
  x: tf.TensorInfo,
  [k1, k2, k3]: [Float64Array, Float64Array, Float64Array],
  rectifier: Rectifier,
  dx: tf.TensorInfo,
): void {
  const { cb, ow } = win;
  const [inRow, outRow] = strides(win);
  withScratch(backend, 5 * win.channels, (at) => {
    writeF32(backend, at, [k1, k2, k3, rectifier.a, rectifier.b]);
    const [dyAt, xAt, dxAt] = [dy, x, dx].map((t) => addressOf(backend, t));
    overWindowRows(win, 2, (l, r, n) =>
      l.affine2ReluPool2x2(
        dyAt + r * outRow,
        xAt + r * inRow,
        at + 3 * cb,
        at + 4 * cb,
        at,
        at + cb,
        at + 2 * cb,
        dxAt + r * inRow,
        n,
        ow,
        cb,
      ),
    );
  });
}
