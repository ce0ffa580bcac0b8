import { op, type Bytes, type FunctionDef } from './assembler';

/**
 * Register-tiled matrix products for convolution filter gradients, C = A·B with A [m, K],
 * B [K, n], K long and m, n small. A tile computes an mr × nr block of C over all of K with its
 * accumulators in locals, reading A and B in place: no packing (XNNPACK repacks B on every call,
 * which for a filter gradient's B, dy, costs as much as the product).
 *
 * K is walked as `images` runs of `run` steps: after each run the A pointers skip `askip` bytes
 * (the padding rows between images of a padded input), while B goes on row after row.
 */

/**
 * mr × nr tiles this module provides: nr ∈ {4, 8, 16}, mr ≤ TILE_ROWS[nr]. Tiles of 4 columns
 * go to 8 rows: with 4 accumulators a tile waits on the multiply-add latency (4 × 4 → 8 × 4 took
 * the DPN's 41- and 82-wide filter gradients ~15 % faster); 12 rows spilled registers.
 */
export const TILE_ROWS: Readonly<Record<4 | 8 | 16, number>> = { 4: 8, 8: 6, 16: 3 };

/** Local `acc` += local `a` · local `b` (v128), as one relaxed multiply-add with `fma`. */
export function multiplyAdd(acc: number, a: number, b: number, fma: boolean): Bytes[] {
  const { get, set } = op;
  return fma
    ? [get(a), get(b), get(acc), op.fmadd, set(acc)]
    : [get(acc), get(a), get(b), op.fmul, op.fadd, set(acc)];
}

export const tileName = (mr: number, nr: number) => `gemm${mr}x${nr}`;
export const stripName = (mr: number, nr: number) => `strip${mr}x${nr}`;

/**
 * gemm{mr}x{nr}(a, lda, b, ldb, c, ldc, run, images, askip): C[r, 0..nr) = Σ_k A[r, k]·B[k, 0..nr)
 * for r < mr. a, b, c are byte addresses; lda, ldb, ldc, askip are byte strides; run, images ≥ 1.
 *
 * strip{mr}x{nr}(…the same nine, init, initStride, count, aStep, cStep, initStep): `count` such
 * tiles, each starting its accumulators from init[r·initStride, +nr) instead of zero (a bias
 * with initStride 0, or C itself to accumulate); after each tile a, c and init move on by aStep,
 * cStep and initStep bytes. One call computes a row of a convolution's output.
 */
function tile(mr: number, nr: number, fma: boolean, strip: boolean): FunctionDef {
  const { get, set, tee, i32, add, mul, ltU, loop, end, brIf, load, store } = op;
  const [a, lda, b, ldb, c, ldc, run, images, askip] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [init, initStride, count, aStep, cStep, initStep] = [9, 10, 11, 12, 13, 14];
  const params = strip ? 15 : 9;
  const vectors = nr / 4;
  // i32 locals: A row pointers, the run's end, images left, B's pointer; v128 locals:
  // accumulators, B vectors, the splat.
  const rowPtr = (r: number) => params + r;
  const runEnd = params + mr;
  const imagesLeft = params + mr + 1;
  const bPtr = params + mr + 2;
  const i32Locals = mr + 3;
  const acc = (r: number, v: number) => params + i32Locals + r * vectors + v;
  const bv = (v: number) => params + i32Locals + mr * vectors + v;
  const splat = params + i32Locals + mr * vectors + vectors;
  const body: Bytes[] = [];
  if (strip) body.push(loop); // tiles of the strip
  for (let r = 0; r < mr; r++) {
    body.push(get(a), get(lda), i32(r), mul, add, set(rowPtr(r)));
    for (let v = 0; v < vectors; v++) {
      if (strip) body.push(get(init), get(initStride), i32(r), mul, add, load(16 * v), set(acc(r, v)));
      else body.push(op.f32x4(0), set(acc(r, v)));
    }
  }
  body.push(get(images), set(imagesLeft), get(b), set(bPtr));
  body.push(loop); // images
  body.push(get(rowPtr(0)), get(run), i32(4), mul, add, set(runEnd));
  body.push(loop); // K steps of this run
  for (let v = 0; v < vectors; v++) body.push(get(bPtr), load(16 * v), set(bv(v)));
  for (let r = 0; r < mr; r++) {
    body.push(get(rowPtr(r)), op.loadSplat32(), set(splat));
    for (let v = 0; v < vectors; v++) {
      body.push(...multiplyAdd(acc(r, v), splat, bv(v), fma));
    }
    body.push(get(rowPtr(r)), i32(4), add, set(rowPtr(r)));
  }
  body.push(get(bPtr), get(ldb), add, set(bPtr));
  body.push(get(rowPtr(0)), get(runEnd), ltU, brIf(0), end);
  for (let r = 0; r < mr; r++) body.push(get(rowPtr(r)), get(askip), add, set(rowPtr(r)));
  body.push(get(imagesLeft), i32(1), op.sub, tee(imagesLeft), brIf(0), end);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < vectors; v++) {
      body.push(get(c), get(ldc), i32(r), mul, add, get(acc(r, v)), store(16 * v));
    }
  }
  if (strip) {
    body.push(get(a), get(aStep), add, set(a));
    body.push(get(c), get(cStep), add, set(c));
    body.push(get(init), get(initStep), add, set(init));
    body.push(get(count), i32(1), op.sub, tee(count), brIf(0), end);
  }
  return {
    name: strip ? stripName(mr, nr) : tileName(mr, nr),
    params,
    i32Locals,
    v128Locals: mr * vectors + vectors + 1,
    body,
  };
}

/** Every tile; with `fma`, multiply-adds are relaxed-SIMD `f32x4.relaxed_madd` (one instruction). */
export function gemmTiles(fma: boolean): FunctionDef[] {
  return ([4, 8, 16] as const)
    .flatMap((nr) =>
      Array.from({ length: TILE_ROWS[nr] }, (_, i) => [
        tile(i + 1, nr, fma, false),
        tile(i + 1, nr, fma, true),
      ]),
    )
    .flat();
}
