import { assemble, op, type Bytes, type FunctionDef } from './assembler';
import { gemmTiles, TILE_ROWS, tileName } from './gemm';

/**
 * Per-channel loops over row-major [rows, C] float32 data, 4 channels per f32x4, written as
 * WebAssembly SIMD over the tfjs backend's own memory. All arguments are byte addresses or
 * counts; `cb` = C·4 bytes per row and must be a multiple of 16; rows must be ≥ 1.
 */

const { get, set, tee, i32, add, mul, ltU, loop, end, brIf, load, store } = op;

/** `for (j = 0; j < cb; j += 16) { body(j) }` with j in local `j` (body sees the loop at depth 0). */
function channelLoop(j: number, cb: number, body: Bytes[]): Bytes[] {
  return [i32(0), set(j), loop, ...body, get(j), i32(16), add, tee(j), get(cb), ltU, brIf(0), end];
}

/** Address `base + j` (+ `plus`, a local) on the stack. */
const at = (base: number, j: number, plus?: number): Bytes =>
  plus === undefined
    ? [...get(base), ...get(j), ...add]
    : [...get(base), ...get(j), ...add, ...get(plus), ...add];

/** affine(x, a, b, out, rows, cb): out[r, c] = x[r, c]·a[c] + b[c]. */
const affine: FunctionDef = (() => {
  const [x, a, b, out, rows, cb, stop, j] = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    name: 'affine',
    params: 6,
    i32Locals: 2,
    body: [
      get(x), get(rows), get(cb), mul, add, set(stop),
      loop,
      ...channelLoop(j, cb, [
        at(out, j),
        at(x, j), load(), at(a, j), load(), op.fmul, at(b, j), load(), op.fadd,
        store(),
      ]),
      get(x), get(cb), add, set(x),
      get(out), get(cb), add, set(out),
      get(x), get(stop), ltU, brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/** affine2(p, q, k1, k2, k3, out, rows, cb): out[r, c] = p[r, c]·k1[c] + q[r, c]·k2[c] + k3[c]. */
const affine2: FunctionDef = (() => {
  const [p, q, k1, k2, k3, out, rows, cb, stop, j] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  return {
    name: 'affine2',
    params: 8,
    i32Locals: 2,
    body: [
      get(p), get(rows), get(cb), mul, add, set(stop),
      loop,
      ...channelLoop(j, cb, [
        at(out, j),
        at(p, j), load(), at(k1, j), load(), op.fmul,
        at(q, j), load(), at(k2, j), load(), op.fmul, op.fadd,
        at(k3, j), load(), op.fadd,
        store(),
      ]),
      get(p), get(cb), add, set(p),
      get(q), get(cb), add, set(q),
      get(out), get(cb), add, set(out),
      get(p), get(stop), ltU, brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/**
 * maxPoolGrad2x2(x, dy, dx, outRows, ow, cb): 2×2 windows, stride 2, tiling x exactly. Each
 * output's gradient goes to the first value of (0,0), (0,1), (1,0), (1,1) greater than all before
 * it and than −∞, as the cpu backend picks it (a window of −∞ or NaN gets none); the rest get 0.
 */
const maxPoolGrad2x2: FunctionDef = (() => {
  const [x, dy, dx, outRows, ow, cb] = [0, 1, 2, 3, 4, 5];
  const [rs, colEnd, j, r, cb2] = [6, 7, 8, 9, 10];
  const [v00, v01, v10, v11, best, c00, c01, c10, c11, g] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const chooser = (v: number, c: number): Bytes[] => [
    get(v), get(best), op.gt, set(c),
    get(v), get(best), get(c), op.bitselect, set(best),
  ]; // prettier-ignore
  return {
    name: 'maxPoolGrad2x2',
    params: 6,
    i32Locals: 5,
    v128Locals: 10,
    body: [
      get(ow), get(cb), mul, i32(2), mul, set(rs),
      get(cb), i32(2), mul, set(cb2),
      get(outRows), set(r),
      loop,
      get(x), get(rs), add, set(colEnd),
      loop,
      ...channelLoop(j, cb, [
        at(x, j), load(), set(v00),
        at(x, j, cb), load(), set(v01),
        at(x, j, rs), load(), set(v10),
        at(x, j, rs), get(cb), add, load(), set(v11),
        at(dy, j), load(), set(g),
        op.f32x4(-Infinity), set(best),
        ...chooser(v00, c00), ...chooser(v01, c01), ...chooser(v10, c10),
        get(v11), get(best), op.gt, set(c11),
        at(dx, j, rs), get(cb), add, get(g), get(c11), op.and, store(),
        at(dx, j, rs), get(g), get(c10), get(c11), op.andnot, op.and, store(),
        at(dx, j, cb), get(g), get(c01), get(c10), get(c11), op.or, op.andnot, op.and, store(),
        at(dx, j), get(g), get(c00), get(c01), get(c10), op.or, get(c11), op.or, op.andnot, op.and, store(),
      ]),
      get(x), get(cb2), add, set(x),
      get(dx), get(cb2), add, set(dx),
      get(dy), get(cb), add, set(dy),
      get(x), get(colEnd), ltU, brIf(0),
      end,
      get(x), get(rs), add, set(x),
      get(dx), get(rs), add, set(dx),
      get(r), i32(1), op.sub, tee(r), brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/**
 * maxPoolGradWindow(x, dx, dy, taps, ntaps, cb): one output pixel of any max pool. `taps` holds
 * ntaps ≥ 1 int32 byte offsets (from x and dx) of the window's valid input pixels, in scan order;
 * per channel, the first tap greater than every earlier one and than −∞ gets dy added to its dx.
 */
const maxPoolGradWindow: FunctionDef = (() => {
  const [x, dx, dy, taps, ntaps, cb] = [0, 1, 2, 3, 4, 5];
  const [j, t, off] = [6, 7, 8];
  const [best, win, v, m] = [9, 10, 11, 12];
  const tapOffset: Bytes[] = [get(taps), get(t), i32(4), mul, add, op.loadI32(), set(off)];
  return {
    name: 'maxPoolGradWindow',
    params: 6,
    i32Locals: 3,
    v128Locals: 4,
    body: channelLoop(j, cb, [
      op.f32x4(-Infinity), set(best),
      i32(-1), op.splatI32, set(win),
      i32(0), set(t),
      loop,
      ...tapOffset,
      get(x), get(off), add, get(j), add, load(), set(v),
      get(v), get(best), op.gt, set(m),
      get(v), get(best), get(m), op.bitselect, set(best),
      get(t), op.splatI32, get(win), get(m), op.bitselect, set(win),
      get(t), i32(1), add, tee(t), get(ntaps), ltU, brIf(0),
      end,
      i32(0), set(t),
      loop,
      ...tapOffset,
      get(dx), get(off), add, get(j), add,
      get(dx), get(off), add, get(j), add, load(),
      at(dy, j), load(), get(win), get(t), op.splatI32, op.eqI32, op.and,
      op.fadd, store(),
      get(t), i32(1), add, tee(t), get(ntaps), ltU, brIf(0),
      end,
    ]), // prettier-ignore
  };
})();

/**
 * Adds lanes of `value` (an f32x4 local) into f64 accumulators at `acc + 2j` (channels c..c+1)
 * and `acc + 2j + 16` (c+2..c+3).
 */
function accumulate(acc: number, j: number, value: number): Bytes[] {
  const address = [...get(acc), ...get(j), ...i32(2), ...mul, ...add];
  return [
    address, address, load(), get(value), op.promoteLow, op.dadd, store(),
    address, address, load(16), get(value), get(value), op.highToLow, op.promoteLow, op.dadd, store(16),
  ]; // prettier-ignore
}

/** moments(x, rows, cb, sums, squares): per channel Σx and Σx² added into two f64 [C] arrays. */
const moments: FunctionDef = (() => {
  const [x, rows, cb, sums, squares, stop, j] = [0, 1, 2, 3, 4, 5, 6];
  const [v, sq] = [7, 8];
  return {
    name: 'moments',
    params: 5,
    i32Locals: 2,
    v128Locals: 2,
    body: [
      get(x), get(rows), get(cb), mul, add, set(stop),
      loop,
      ...channelLoop(j, cb, [
        at(x, j), load(), tee(v), get(v), op.fmul, set(sq),
        ...accumulate(sums, j, v),
        ...accumulate(squares, j, sq),
      ]),
      get(x), get(cb), add, set(x),
      get(x), get(stop), ltU, brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/** sums(x, rows, cb, totals): per channel Σx added into an f64 [C] array. */
const sums: FunctionDef = (() => {
  const [x, rows, cb, totals, stop, j] = [0, 1, 2, 3, 4, 5];
  const v = 6;
  return {
    name: 'sums',
    params: 4,
    i32Locals: 2,
    v128Locals: 1,
    body: [
      get(x), get(rows), get(cb), mul, add, set(stop),
      loop,
      ...channelLoop(j, cb, [at(x, j), load(), set(v), ...accumulate(totals, j, v)]),
      get(x), get(cb), add, set(x),
      get(x), get(stop), ltU, brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/**
 * mulAddRows(dst, dstStride, src, srcStride, w, count, cb): for i < count,
 * dst_i[c] += src_i[c]·w[c], with row i at dst + i·dstStride and src + i·srcStride (bytes).
 */
const mulAddRows: FunctionDef = (() => {
  const [dst, dstStride, src, srcStride, w, count, cb, j] = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    name: 'mulAddRows',
    params: 7,
    i32Locals: 1,
    body: [
      loop,
      ...channelLoop(j, cb, [
        at(dst, j),
        at(dst, j), load(), at(src, j), load(), at(w, j), load(), op.fmul, op.fadd,
        store(),
      ]),
      get(dst), get(dstStride), add, set(dst),
      get(src), get(srcStride), add, set(src),
      get(count), i32(1), op.sub, tee(count), brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/** copyRows(dst, dstStride, src, srcStride, count, cb): copies count rows of cb bytes between strided rows. */
const copyRows: FunctionDef = (() => {
  const [dst, dstStride, src, srcStride, count, cb, j] = [0, 1, 2, 3, 4, 5, 6];
  return {
    name: 'copyRows',
    params: 6,
    i32Locals: 1,
    body: [
      loop,
      ...channelLoop(j, cb, [at(dst, j), at(src, j), load(), store()]),
      get(dst), get(dstStride), add, set(dst),
      get(src), get(srcStride), add, set(src),
      get(count), i32(1), op.sub, tee(count), brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/**
 * dotRows(acc, a, aStride, b, bStride, count, cb): acc[c] += Σ_{i < count} a_i[c]·b_i[c], rows
 * as in mulAddRows; the sum of a call is float32, acc is float64 [C].
 */
const dotRows: FunctionDef = (() => {
  const [acc, a, aStride, b, bStride, count, cb, j, pa, pb, i] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const sum = 11;
  return {
    name: 'dotRows',
    params: 7,
    i32Locals: 4,
    v128Locals: 1,
    body: channelLoop(j, cb, [
      op.f32x4(0), set(sum),
      at(a, j), set(pa), at(b, j), set(pb), get(count), set(i),
      loop,
      get(sum), get(pa), load(), get(pb), load(), op.fmul, op.fadd, set(sum),
      get(pa), get(aStride), add, set(pa),
      get(pb), get(bStride), add, set(pb),
      get(i), i32(1), op.sub, tee(i), brIf(0),
      end,
      ...accumulate(acc, j, sum),
    ]), // prettier-ignore
  };
})();

/** dyStats(dy, x, mean, rows, cb, sums, products): per channel Σdy and Σdy·(x − mean), into f64 [C]. */
const dyStats: FunctionDef = (() => {
  const [dy, x, mean, rows, cb, sums, products, stop, j] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [d, p] = [9, 10];
  return {
    name: 'dyStats',
    params: 7,
    i32Locals: 2,
    v128Locals: 2,
    body: [
      get(dy), get(rows), get(cb), mul, add, set(stop),
      loop,
      ...channelLoop(j, cb, [
        at(dy, j), load(), tee(d),
        at(x, j), load(), at(mean, j), load(), op.fsub, op.fmul, set(p),
        ...accumulate(sums, j, d),
        ...accumulate(products, j, p),
      ]),
      get(dy), get(cb), add, set(dy),
      get(x), get(cb), add, set(x),
      get(dy), get(stop), ltU, brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/** gemm tile: see `gemm.ts`. */
export type GemmTile = (
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  run: number,
  images: number,
  askip: number,
) => void;

export interface SimdLoops {
  /** Whether the gemm tiles use relaxed SIMD's fused multiply-add. */
  fma: boolean;
  /** The mr × nr product tile (nr ∈ {4, 8, 16}, mr ≤ {@link maxTileRows}(nr)). */
  gemmTile(mr: number, nr: number): GemmTile;
  affine(x: number, a: number, b: number, out: number, rows: number, cb: number): void;
  affine2(
    p: number,
    q: number,
    k1: number,
    k2: number,
    k3: number,
    out: number,
    rows: number,
    cb: number,
  ): void;
  maxPoolGrad2x2(x: number, dy: number, dx: number, outRows: number, ow: number, cb: number): void;
  moments(x: number, rows: number, cb: number, sums: number, squares: number): void;
  sums(x: number, rows: number, cb: number, totals: number): void;
  maxPoolGradWindow(x: number, dx: number, dy: number, taps: number, ntaps: number, cb: number): void;
  copyRows(dst: number, dstStride: number, src: number, srcStride: number, count: number, cb: number): void;
  mulAddRows(
    dst: number,
    dstStride: number,
    src: number,
    srcStride: number,
    w: number,
    count: number,
    cb: number,
  ): void;
  dotRows(
    acc: number,
    a: number,
    aStride: number,
    b: number,
    bStride: number,
    count: number,
    cb: number,
  ): void;
  dyStats(
    dy: number,
    x: number,
    mean: number,
    rows: number,
    cb: number,
    sums: number,
    products: number,
  ): void;
}

/** The module: the loops above and every gemm tile, with or without relaxed-SIMD multiply-add. */
export function loopsModule(fma: boolean): Uint8Array<ArrayBuffer> {
  return assemble([
    affine,
    affine2,
    maxPoolGrad2x2,
    moments,
    sums,
    dyStats,
    mulAddRows,
    dotRows,
    maxPoolGradWindow,
    copyRows,
    ...gemmTiles(fma),
  ]);
}

/** The most rows a tile of `nr` columns has (its accumulators must fit the registers). */
export function maxTileRows(nr: 4 | 8 | 16): number {
  return TILE_ROWS[nr];
}

let relaxedMadd: boolean | undefined;

/** Whether this engine validates relaxed SIMD's f32x4.relaxed_madd (Chromium does; Node 20 only behind a flag). */
export function hasRelaxedMadd(): boolean {
  relaxedMadd ??= WebAssembly.validate(
    assemble([{ name: 'probe', params: 0, body: [op.f32x4(0), op.f32x4(0), op.f32x4(0), op.fmadd, [0x1a]] }]),
  );
  return relaxedMadd;
}

let fmaPreference: boolean | undefined;

/** Forces the tiles with (true) or without (false) relaxed multiply-add; undefined = when the engine has it. For tests and benchmarks. */
export function preferFusedMultiplyAdd(value: boolean | undefined): void {
  fmaPreference = value;
}

const instances = new WeakMap<WebAssembly.Memory, Map<boolean, SimdLoops | null>>();

/** The loops bound to `memory`, or null where WebAssembly SIMD is unavailable. */
export function simdLoops(memory: WebAssembly.Memory): SimdLoops | null {
  const fma = fmaPreference ?? hasRelaxedMadd();
  const byVariant = instances.get(memory) ?? new Map<boolean, SimdLoops | null>();
  instances.set(memory, byVariant);
  if (byVariant.has(fma)) return byVariant.get(fma) ?? null;
  let loops: SimdLoops | null;
  try {
    const module = new WebAssembly.Module(loopsModule(fma));
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const gemmTile = (mr: number, nr: number) => {
      const fn = exports[tileName(mr, nr)];
      if (typeof fn !== 'function') throw new Error(`no ${mr}×${nr} gemm tile`);
      return fn as GemmTile;
    };
    loops = { ...(exports as unknown as Omit<SimdLoops, 'gemmTile' | 'fma'>), gemmTile, fma };
  } catch {
    loops = null;
  }
  byVariant.set(fma, loops);
  return loops;
}
