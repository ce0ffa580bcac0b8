import { op, type Bytes, type FunctionDef } from './assembler';
import { accumulate, at, channelLoop } from './loop-parts';

/**
 * Batch norm followed by ReLU as one layer: the loops of `channel-loops.ts` with the ReLU folded
 * in. The forward writes max(x·a + b, 0); the gradient passes recompute the mask t = x·a + b > 0
 * from x (the same f32 multiply and add as the forward), so neither the pre-ReLU tensor nor a
 * masked dy is ever written. Same row-major [rows, C] layout (cb = C·4 bytes).
 */

const { get, set, tee, add, mul, ltU, loop, end, brIf, load, store } = op;

/** `t > 0` of t = x·a + b for the row at x (x pushed as loaded into local `xv`), as a lane mask. */
const maskOf = (x: number, a: number, b: number, j: number, xv: number): Bytes[] => [
  at(x, j), load(), tee(xv), at(a, j), load(), op.fmul, at(b, j), load(), op.fadd, op.f32x4(0), op.gt,
]; // prettier-ignore

/** affineRelu(x, a, b, out, rows, cb): out[r, c] = max(x[r, c]·a[c] + b[c], 0) (NaN stays NaN). */
export const affineRelu: FunctionDef = (() => {
  const [x, a, b, out, rows, cb, stop, j] = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    name: 'affineRelu',
    params: 6,
    i32Locals: 2,
    body: [
      get(x), get(rows), get(cb), mul, add, set(stop),
      loop,
      ...channelLoop(j, cb, [
        at(out, j),
        at(x, j), load(), at(a, j), load(), op.fmul, at(b, j), load(), op.fadd,
        op.f32x4(0), op.fmax,
        store(),
      ]),
      get(x), get(cb), add, set(x),
      get(out), get(cb), add, set(out),
      get(x), get(stop), ltU, brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/**
 * dyStatsRelu(dy, x, a, b, mean, rows, cb, sums, products): with d = dy where x·a + b > 0, else
 * +0, per channel Σd and Σd·(x − mean) added into f64 [C] arrays.
 */
export const dyStatsRelu: FunctionDef = (() => {
  const [dy, x, a, b, mean, rows, cb, sums, products, stop, j] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [xv, m, d, p] = [11, 12, 13, 14];
  return {
    name: 'dyStatsRelu',
    params: 9,
    i32Locals: 2,
    v128Locals: 4,
    body: [
      get(dy), get(rows), get(cb), mul, add, set(stop),
      loop,
      ...channelLoop(j, cb, [
        ...maskOf(x, a, b, j, xv), set(m),
        at(dy, j), load(), get(m), op.and, tee(d),
        get(xv), at(mean, j), load(), op.fsub, op.fmul, set(p),
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

/**
 * affine2Relu(dy, x, a, b, k1, k2, k3, out, rows, cb): out = d·k1 + x·k2 + k3 per channel, with
 * d = dy where x·a + b > 0, else +0.
 */
export const affine2Relu: FunctionDef = (() => {
  const [dy, x, a, b, k1, k2, k3, out, rows, cb, stop, j] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [xv, m] = [12, 13];
  return {
    name: 'affine2Relu',
    params: 10,
    i32Locals: 2,
    v128Locals: 2,
    body: [
      get(dy), get(rows), get(cb), mul, add, set(stop),
      loop,
      ...channelLoop(j, cb, [
        at(out, j),
        ...maskOf(x, a, b, j, xv), set(m),
        at(dy, j), load(), get(m), op.and, at(k1, j), load(), op.fmul,
        get(xv), at(k2, j), load(), op.fmul, op.fadd,
        at(k3, j), load(), op.fadd,
        store(),
      ]),
      get(dy), get(cb), add, set(dy),
      get(x), get(cb), add, set(x),
      get(out), get(cb), add, set(out),
      get(dy), get(stop), ltU, brIf(0),
      end,
    ], // prettier-ignore
  };
})();
