import { op, type Bytes, type FunctionDef } from './assembler';
import { at, channelLoop } from './loop-parts';

const { get, set, i32 } = op;

/**
 * dropout(x, y, mask, bytes, seed, threshold, scaleBits, first): for the float32s i = first,
 * first + 1, … over `bytes` bytes (a multiple of 16, at least 16), the draw d = h(seed, i) >>> 8
 * (`dropoutDraw` in `../dropout.ts`, four lanes at a time); mask = scale where d ≥ threshold, else
 * +0 (scaleBits: the float32 scale's bits); y = x · mask.
 */
export const dropout: FunctionDef = (() => {
  const [x, y, mask, bytes, seed, threshold, scaleBits, first, j] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [index, h, keep] = [9, 10, 11];
  const splat = (v: number): Bytes[] => [i32(v), op.splatI32];
  /** h ← (h ^ (h >>> shift)) · factor */
  const mix = (shift: number, factor: number): Bytes[] => [
    get(h), get(h), i32(shift), op.shrUI32, op.xor, ...splat(factor), op.mulI32, set(h),
  ]; // prettier-ignore
  return {
    name: 'dropout',
    params: 8,
    i32Locals: 1,
    v128Locals: 3,
    body: [
      // index = [first, first + 1, first + 2, first + 3]
      get(first), op.splatI32, [...op.v128I32(0, 1, 2, 3)], op.addI32, set(index),
      ...channelLoop(j, bytes, [
        get(index), ...splat(0x9e3779b9 | 0), op.mulI32, get(seed), op.splatI32, op.xor, set(h),
        ...mix(16, 0x85ebca6b | 0),
        ...mix(13, 0xc2b2ae35 | 0),
        get(h), get(h), i32(16), op.shrUI32, op.xor, i32(8), op.shrUI32,
        get(threshold), op.splatI32, op.geUI32, get(scaleBits), op.splatI32, op.and, set(keep),
        at(mask, j), get(keep), op.store(),
        at(y, j), at(x, j), op.load(), get(keep), op.fmul, op.store(),
        get(index), ...splat(4), op.addI32, set(index),
      ]),
    ],
  }; // prettier-ignore
})();
