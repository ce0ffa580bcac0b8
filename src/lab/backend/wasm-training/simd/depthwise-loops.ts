import { op, type FunctionDef } from './assembler';
import { accumulate } from './loop-parts';

/**
 * SIMD loops for depthwise convolutions with a channel multiplier M > 1 (the lab's grouped conv):
 * output channel c·M + m reads input channel c. One call covers one tap run (`depthwise-runs.ts`):
 * `count` output pixels, rows of the input `srcStride` bytes apart, of dy / the output
 * `dstStride` apart. cin ≥ 1 input channels; mb = M·4 bytes, a multiple of 16; count ≥ 1.
 */

const { get, set, tee, i32, add, ltU, loop, end, brIf, load, store } = op;

/**
 * dwMulAdd(dst, dstStride, src, srcStride, w, count, cin, mb): for each pixel i and channel c,
 * dst_i[c·M + m] += src_i[c]·w[c·M + m] for m < M (w: the tap's [cin·M] filter values).
 */
export const dwMulAdd: FunctionDef = (() => {
  const [dst, dstStride, src, srcStride, w, count, cin, mb] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [pc, pd, pw, cEnd, j] = [8, 9, 10, 11, 12];
  const v = 13;
  return {
    name: 'dwMulAdd',
    params: 8,
    i32Locals: 5,
    v128Locals: 1,
    body: [
      loop,
      get(src), set(pc), get(dst), set(pd), get(w), set(pw),
      get(src), get(cin), i32(4), op.mul, add, set(cEnd),
      loop,
      get(pc), op.loadSplat32(), set(v),
      i32(0), set(j),
      loop,
      get(pd), get(j), add,
      get(pd), get(j), add, load(), get(v), get(pw), get(j), add, load(), op.fmul, op.fadd,
      store(),
      get(j), i32(16), add, tee(j), get(mb), ltU, brIf(0),
      end,
      get(pd), get(mb), add, set(pd),
      get(pw), get(mb), add, set(pw),
      get(pc), i32(4), add, tee(pc), get(cEnd), ltU, brIf(0),
      end,
      get(dst), get(dstStride), add, set(dst),
      get(src), get(srcStride), add, set(src),
      get(count), i32(1), op.sub, tee(count), brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/**
 * dwDot(dst, dstStride, src, srcStride, w, count, cin, mb): for each pixel i and channel c,
 * dst_i[c] += Σ_m src_i[c·M + m]·w[c·M + m] (src: dy rows; dst: dx rows). The M products are
 * summed 4 lanes at a time, then the lanes as (l0 + l1) + (l2 + l3).
 */
export const dwDot: FunctionDef = (() => {
  const [dst, dstStride, src, srcStride, w, count, cin, mb] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [pd, ps, pw, dEnd, j] = [8, 9, 10, 11, 12];
  const sum = 13;
  return {
    name: 'dwDot',
    params: 8,
    i32Locals: 5,
    v128Locals: 1,
    body: [
      loop,
      get(dst), set(pd), get(src), set(ps), get(w), set(pw),
      get(dst), get(cin), i32(4), op.mul, add, set(dEnd),
      loop,
      op.f32x4(0), set(sum),
      i32(0), set(j),
      loop,
      get(sum), get(ps), get(j), add, load(), get(pw), get(j), add, load(), op.fmul, op.fadd, set(sum),
      get(j), i32(16), add, tee(j), get(mb), ltU, brIf(0),
      end,
      get(pd),
      get(pd), op.loadF32(),
      get(sum), op.lane(0), get(sum), op.lane(1), op.addF32,
      get(sum), op.lane(2), get(sum), op.lane(3), op.addF32,
      op.addF32, op.addF32,
      op.storeF32(),
      get(ps), get(mb), add, set(ps),
      get(pw), get(mb), add, set(pw),
      get(pd), i32(4), add, tee(pd), get(dEnd), ltU, brIf(0),
      end,
      get(dst), get(dstStride), add, set(dst),
      get(src), get(srcStride), add, set(src),
      get(count), i32(1), op.sub, tee(count), brIf(0),
      end,
    ], // prettier-ignore
  };
})();

/**
 * dwFilter(acc, a, aStride, b, bStride, count, cin, mb): acc[c·M + m] += Σ_i a_i[c]·b_i[c·M + m]
 * (a: x rows, b: dy rows); each call's sum is float32, acc is float64 [cin·M].
 */
export const dwFilter: FunctionDef = (() => {
  const [acc, a, aStride, b, bStride, count, cin, mb] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [pa, pb, i, k, kEnd, j, ca] = [8, 9, 10, 11, 12, 13, 14];
  const sum = 15;
  return {
    name: 'dwFilter',
    params: 8,
    i32Locals: 7,
    v128Locals: 1,
    body: [
      i32(0), set(k),
      get(cin), get(mb), op.mul, set(kEnd),
      get(a), set(ca),
      loop,
      i32(0), set(j),
      loop,
      op.f32x4(0), set(sum),
      get(ca), set(pa), get(b), get(k), add, set(pb), get(count), set(i),
      loop,
      get(sum), get(pa), op.loadSplat32(), get(pb), load(), op.fmul, op.fadd, set(sum),
      get(pa), get(aStride), add, set(pa),
      get(pb), get(bStride), add, set(pb),
      get(i), i32(1), op.sub, tee(i), brIf(0),
      end,
      ...accumulate(acc, k, sum),
      get(k), i32(16), add, set(k),
      get(j), i32(16), add, tee(j), get(mb), ltU, brIf(0),
      end,
      get(ca), i32(4), add, set(ca),
      get(k), get(kEnd), ltU, brIf(0),
      end,
    ], // prettier-ignore
  };
})();
