import { op, type FunctionDef } from './assembler';
import { accumulate, at, channelLoop } from './loop-parts';

/** SIMD loops over row-major [rows, C] float32 data, 4 channels per f32x4 (cb = C·4 bytes, rows ≥ 1). */

const { get, set, tee, add, mul, ltU, loop, end, brIf, load, store } = op;

/** affine(x, a, b, out, rows, cb): out[r, c] = x[r, c]·a[c] + b[c]. */
export const affine: FunctionDef = (() => {
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
export const affine2: FunctionDef = (() => {
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

/** moments(x, rows, cb, sums, squares): per channel Σx and Σx² added into two f64 [C] arrays. */
export const moments: FunctionDef = (() => {
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
export const sums: FunctionDef = (() => {
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

/** dyStats(dy, x, mean, rows, cb, sums, products): per channel Σdy and Σdy·(x − mean), into f64 [C]. */
export const dyStats: FunctionDef = (() => {
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
