import { op, type Bytes } from './assembler';

/** Building blocks shared by the lab's SIMD loops. */

const { get, set, tee, i32, add, mul, ltU, loop, end, brIf, load, store } = op;

/** `for (j = 0; j < cb; j += 16) { body(j) }` with j in local `j` (body sees the loop at depth 0). */
export function channelLoop(j: number, cb: number, body: Bytes[]): Bytes[] {
  return [i32(0), set(j), loop, ...body, get(j), i32(16), add, tee(j), get(cb), ltU, brIf(0), end];
}

/** Address `base + j` (+ `plus`, a local) on the stack. */
export const at = (base: number, j: number, plus?: number): Bytes =>
  plus === undefined
    ? [...get(base), ...get(j), ...add]
    : [...get(base), ...get(j), ...add, ...get(plus), ...add];

/**
 * Adds lanes of `value` (an f32x4 local) into f64 accumulators at `acc + 2j` (channels c..c+1)
 * and `acc + 2j + 16` (c+2..c+3).
 */
export function accumulate(acc: number, j: number, value: number): Bytes[] {
  const address = [...get(acc), ...get(j), ...i32(2), ...mul, ...add];
  return [
    address, address, load(), get(value), op.promoteLow, op.dadd, store(),
    address, address, load(16), get(value), get(value), op.highToLow, op.promoteLow, op.dadd, store(16),
  ]; // prettier-ignore
}
