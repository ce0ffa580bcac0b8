import { op, type Bytes, type FunctionDef } from './assembler';
import { accumulate, at, channelLoop } from './loop-parts';

/**
 * Batch norm, ReLU and a 2×2 stride-2 max pool as one layer: the loops of
 * `rectified-channel-loops.ts` over 2×2 windows that tile x exactly (cb = C·4 bytes, C a
 * multiple of 4, `ow` windows a row, `outRows` window rows). Neither y = max(x·a + b, 0) nor its
 * gradient is ever written: the forward writes the pooled max, and the gradient passes recompute
 * t = x·a + b per position (the same f32 multiply and add) and route each window's dy to the
 * first maximum of (0,0), (0,1), (1,0), (1,1) as `maxPoolGrad2x2` does, where t > 0. With
 * y = max(t, 0), that is the first maximum of t itself when it is > 0 (else no position), so the
 * loops compare t and test the maximum once.
 */

const { get, set, i32, add, mul, ltU, loop, end, brIf, load, store } = op;

/** Locals every window loop uses: a row's bytes, the row's end, the channel offset, rows left, 2·cb. */
interface WindowLocals {
  rs: number;
  colEnd: number;
  j: number;
  r: number;
  cb2: number;
}

/** Address of window position `k` (0..3: (0,0), (0,1), (1,0), (1,1)) of `base` at channel j. */
function position(base: number, k: number, w: WindowLocals, cb: number): Bytes[] {
  if (k === 0) return [at(base, w.j)];
  if (k === 1) return [at(base, w.j, cb)];
  if (k === 2) return [at(base, w.j, w.rs)];
  return [at(base, w.j, w.rs), get(cb), add];
}

/** t = x·a + b at window position k, as `affineRelu` computes it before its max (a, b: v128 locals). */
const affineAt = (x: number, a: number, b: number, k: number, w: WindowLocals, cb: number): Bytes[] => [
  ...position(x, k, w, cb), load(), get(a), op.fmul, get(b), op.fadd,
]; // prettier-ignore

/** Loads the channel vector j of `from` (byte address locals) into the v128 locals `to`. */
const loadParams = (from: number[], to: number[], j: number): Bytes[] =>
  from.flatMap((f, i) => [at(f, j), load(), set(to[i])]);

/**
 * The window loops: `setup` once, then per window row and window `body` (channel loop), with the
 * pointers in `advance` moved 2·cb a window (input layout) or cb (`pooled`), and the input ones a
 * further row at the end of each window row.
 */
function windows(
  w: WindowLocals,
  lead: number,
  cb: number,
  ow: number,
  outRows: number,
  inputs: number[],
  pooled: number[],
  body: Bytes[],
): Bytes[] {
  const step = (p: number, by: number): Bytes[] => [get(p), get(by), add, set(p)];
  return [
    get(ow), get(cb), mul, i32(2), mul, set(w.rs),
    get(cb), i32(2), mul, set(w.cb2),
    get(outRows), set(w.r),
    loop,
    get(lead), get(w.rs), add, set(w.colEnd),
    loop,
    ...channelLoop(w.j, cb, body),
    ...inputs.flatMap((p) => step(p, w.cb2)),
    ...pooled.flatMap((p) => step(p, cb)),
    get(lead), get(w.colEnd), ltU, brIf(0),
    end,
    ...inputs.flatMap((p) => step(p, w.rs)),
    get(w.r), i32(1), op.sub, op.tee(w.r), brIf(0),
    end,
  ]; // prettier-ignore
}

/**
 * Into locals e[0..3], per lane, whether window position k is the first maximum of t (t[k] holds
 * t; NaN never is), and into `live` whether that maximum is > 0 (the window passes a gradient).
 */
function routes(t: number[], e: number[], best: number, live: number): Bytes[] {
  const choose = (k: number): Bytes[] => [
    get(t[k]), get(best), op.gt, set(e[k]),
    get(t[k]), get(best), get(e[k]), op.bitselect, set(best),
  ]; // prettier-ignore
  return [
    op.f32x4(-Infinity), set(best),
    ...[0, 1, 2, 3].flatMap(choose),
    // First maxima: a later greater value takes the window from every earlier one.
    get(e[0]), get(e[1]), get(e[2]), op.or, get(e[3]), op.or, op.andnot, set(e[0]),
    get(e[1]), get(e[2]), get(e[3]), op.or, op.andnot, set(e[1]),
    get(e[2]), get(e[3]), op.andnot, set(e[2]),
    get(best), op.f32x4(0), op.gt, set(live),
  ]; // prettier-ignore
}

/** affineReluPool2x2(x, a, b, out, outRows, ow, cb): out = max over each window of max(x·a + b, 0). */
export const affineReluPool2x2: FunctionDef = (() => {
  const [x, a, b, out, outRows, ow, cb] = [0, 1, 2, 3, 4, 5, 6];
  const w: WindowLocals = { rs: 7, colEnd: 8, j: 9, r: 10, cb2: 11 };
  const [va, vb] = [12, 13];
  // max over the window of max(t, 0) is max(max of t, 0): the same bits.
  const t = (k: number): Bytes[] => affineAt(x, va, vb, k, w, cb);
  return {
    name: 'affineReluPool2x2',
    params: 7,
    i32Locals: 5,
    v128Locals: 2,
    body: windows(w, x, cb, ow, outRows, [x], [out], [
      ...loadParams([a, b], [va, vb], w.j),
      at(out, w.j),
      ...t(0), ...t(1), op.fmax, ...t(2), ...t(3), op.fmax, op.fmax, op.f32x4(0), op.fmax,
      store(),
    ]), // prettier-ignore
  };
})();

/**
 * dyStatsReluPool2x2(dy, x, a, b, mean, outRows, ow, cb, sums, products): with d the window's dy
 * at the position that takes it (see above), per channel Σd and Σd·(x − mean) added into f64 [C]
 * arrays (dy is the pooled gradient, [outRows·ow, C]).
 */
export const dyStatsReluPool2x2: FunctionDef = (() => {
  const [dy, x, a, b, mean, outRows, ow, cb, sums, products] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const w: WindowLocals = { rs: 10, colEnd: 11, j: 12, r: 13, cb2: 14 };
  const t = [15, 16, 17, 18];
  const e = [19, 20, 21, 22];
  const [best, live, d, p, va, vb] = [23, 24, 25, 26, 27, 28];
  // x at the window's first maximum (position 3 where none is: all NaN). `p` is scratch here.
  const selectedX: Bytes[] = [
    ...position(x, 3, w, cb), load(), set(p),
    ...position(x, 2, w, cb), load(), get(p), get(e[2]), op.bitselect, set(p),
    ...position(x, 1, w, cb), load(), get(p), get(e[1]), op.bitselect, set(p),
    ...position(x, 0, w, cb), load(), get(p), get(e[0]), op.bitselect,
  ]; // prettier-ignore
  return {
    name: 'dyStatsReluPool2x2',
    params: 10,
    i32Locals: 5,
    v128Locals: 14,
    body: windows(w, x, cb, ow, outRows, [x], [dy], [
      ...loadParams([a, b], [va, vb], w.j),
      ...[0, 1, 2, 3].flatMap((k) => [...affineAt(x, va, vb, k, w, cb), set(t[k])]),
      ...routes(t, e, best, live),
      at(dy, w.j), load(), get(live), op.and, op.tee(d),
      ...selectedX, at(mean, w.j), load(), op.fsub, op.fmul, set(p),
      ...accumulate(sums, w.j, d),
      ...accumulate(products, w.j, p),
    ]), // prettier-ignore
  };
})();

/**
 * affine2ReluPool2x2(dy, x, a, b, k1, k2, k3, dx, outRows, ow, cb): dx = d·k1 + x·k2 + k3 per
 * channel at every position, d the window's dy where the position takes it, else +0.
 */
export const affine2ReluPool2x2: FunctionDef = (() => {
  const [dy, x, a, b, k1, k2, k3, dx, outRows, ow, cb] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const w: WindowLocals = { rs: 11, colEnd: 12, j: 13, r: 14, cb2: 15 };
  const t = [16, 17, 18, 19];
  const e = [20, 21, 22, 23];
  const [best, live, g, va, vb, v1, v2, v3] = [24, 25, 26, 27, 28, 29, 30, 31];
  // d·k1 + x·k2 + k3 with d = g where the position takes the gradient: (g & e)·k1 as affine2Relu's (dy & m)·k1.
  const write = (k: number): Bytes[] => [
    ...position(dx, k, w, cb),
    get(g), get(e[k]), op.and, get(v1), op.fmul,
    ...position(x, k, w, cb), load(), get(v2), op.fmul, op.fadd,
    get(v3), op.fadd,
    store(),
  ]; // prettier-ignore
  return {
    name: 'affine2ReluPool2x2',
    params: 11,
    i32Locals: 5,
    v128Locals: 16,
    body: windows(w, x, cb, ow, outRows, [x, dx], [dy], [
      ...loadParams([a, b, k1, k2, k3], [va, vb, v1, v2, v3], w.j),
      ...[0, 1, 2, 3].flatMap((k) => [...affineAt(x, va, vb, k, w, cb), set(t[k])]),
      ...routes(t, e, best, live),
      at(dy, w.j), load(), get(live), op.and, set(g),
      ...[0, 1, 2, 3].flatMap(write),
    ]), // prettier-ignore
  };
})();

/**
 * Global average pooling after the ReLU, over [images, positions, C] (positions ≥ 2): per image,
 * Σ of max(x·a + b, 0) over its positions in position order (f32, as `middle-axis-sum.ts` sums
 * them; the caller divides), and the gradient passes with the image's dy (already divided)
 * standing for every position's, masked where t ≤ 0.
 */

/** `for (n = images; n; n--) { perImage }` and, inside, `for (k = positions; k; k--) { perPosition }`. */
function imagesAndPositions(
  images: number,
  positions: number,
  n: number,
  k: number,
  first: Bytes[],
  perPosition: Bytes[],
  last: Bytes[],
): Bytes[] {
  return [
    get(images), set(n),
    loop,
    ...first,
    get(positions), set(k),
    loop,
    ...perPosition,
    get(k), i32(1), op.sub, op.tee(k), brIf(0),
    end,
    ...last,
    get(n), i32(1), op.sub, op.tee(n), brIf(0),
    end,
  ]; // prettier-ignore
}

/** max(x·a + b, 0) at the row x (channel offset j), as `affineRelu` computes it. */
const rectifiedAt = (x: number, a: number, b: number, j: number): Bytes[] => [
  at(x, j), load(), at(a, j), load(), op.fmul, at(b, j), load(), op.fadd, op.f32x4(0), op.fmax,
]; // prettier-ignore

const advance = (p: number, by: number): Bytes[] => [get(p), get(by), add, set(p)];

/** affineReluSum(x, a, b, out, images, positions, cb): out[image] = Σ over positions of max(x·a + b, 0). */
export const affineReluSum: FunctionDef = (() => {
  const [x, a, b, out, images, positions, cb] = [0, 1, 2, 3, 4, 5, 6];
  const [j, k, n, rest] = [7, 8, 9, 10];
  return {
    name: 'affineReluSum',
    params: 7,
    i32Locals: 4,
    body: [
      get(positions), i32(1), op.sub, set(rest),
      ...imagesAndPositions(
        images, rest, n, k,
        [...channelLoop(j, cb, [at(out, j), ...rectifiedAt(x, a, b, j), store()]), ...advance(x, cb)],
        [
          ...channelLoop(j, cb, [at(out, j), at(out, j), load(), ...rectifiedAt(x, a, b, j), op.fadd, store()]),
          ...advance(x, cb),
        ],
        advance(out, cb),
      ),
    ], // prettier-ignore
  };
})();

/**
 * dyStatsReluRepeated(dy, x, a, b, mean, images, positions, cb, sums, products): with d = dy[image]
 * where x·a + b > 0, else +0, per channel Σd and Σd·(x − mean) over every position of every image.
 */
export const dyStatsReluRepeated: FunctionDef = (() => {
  const [dy, x, a, b, mean, images, positions, cb, sums, products] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [j, k, n] = [10, 11, 12];
  const [xv, d, p] = [13, 14, 15];
  return {
    name: 'dyStatsReluRepeated',
    params: 10,
    i32Locals: 3,
    v128Locals: 3,
    body: imagesAndPositions(
      images, positions, n, k,
      [],
      [
        ...channelLoop(j, cb, [
          at(x, j), load(), op.tee(xv), at(a, j), load(), op.fmul, at(b, j), load(), op.fadd, op.f32x4(0), op.gt,
          at(dy, j), load(), op.and, op.tee(d),
          get(xv), at(mean, j), load(), op.fsub, op.fmul, set(p),
          ...accumulate(sums, j, d),
          ...accumulate(products, j, p),
        ]),
        ...advance(x, cb),
      ],
      advance(dy, cb),
    ), // prettier-ignore
  };
})();

/**
 * affine2ReluRepeated(dy, x, a, b, k1, k2, k3, out, images, positions, cb): out = d·k1 + x·k2 + k3
 * per channel at every position, d = dy[image] where x·a + b > 0, else +0.
 */
export const affine2ReluRepeated: FunctionDef = (() => {
  const [dy, x, a, b, k1, k2, k3, out, images, positions, cb] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [j, k, n] = [11, 12, 13];
  const [xv] = [14];
  return {
    name: 'affine2ReluRepeated',
    params: 11,
    i32Locals: 3,
    v128Locals: 1,
    body: imagesAndPositions(
      images, positions, n, k,
      [],
      [
        ...channelLoop(j, cb, [
          at(out, j),
          at(dy, j), load(),
          at(x, j), load(), op.tee(xv), at(a, j), load(), op.fmul, at(b, j), load(), op.fadd, op.f32x4(0), op.gt,
          op.and, at(k1, j), load(), op.fmul,
          get(xv), at(k2, j), load(), op.fmul, op.fadd,
          at(k3, j), load(), op.fadd,
          store(),
        ]),
        ...advance(x, cb),
        ...advance(out, cb),
      ],
      advance(dy, cb),
    ), // prettier-ignore
  };
})();
