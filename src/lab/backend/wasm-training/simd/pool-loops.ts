import { op, type Bytes, type FunctionDef } from './assembler';
import { at, channelLoop } from './loop-parts';

/** SIMD loops for max-pool gradients, 4 channels per f32x4 (cb = C·4 bytes). */

const { get, set, tee, i32, add, mul, ltU, loop, end, brIf, load, store } = op;

/**
 * maxPoolGrad2x2(x, dy, dx, outRows, ow, cb): 2×2 windows, stride 2, tiling x exactly. Each
 * output's gradient goes to the first value of (0,0), (0,1), (1,0), (1,1) greater than all before
 * it and than −∞, as the cpu backend picks it (a window of −∞ or NaN gets none); the rest get 0.
 */
export const maxPoolGrad2x2: FunctionDef = (() => {
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
export const maxPoolGradWindow: FunctionDef = (() => {
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
