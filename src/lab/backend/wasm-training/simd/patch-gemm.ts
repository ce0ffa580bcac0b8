import { op, type Bytes, type FunctionDef } from './assembler';
import { multiplyAdd, TILE_ROWS } from './gemm';

/**
 * Register tiles for a convolution's filter gradient read straight from the NHWC input:
 * dW[fy, fx, c, o] = Σ over output pixels of x[b, oy·sh + fy, ox·sw + fx, c] · dy[b, oy, ox, o].
 * For one filter row fy, the values (fx, c) a pixel reads are fw·cin adjacent floats of the
 * (padded) input, in dW's own row order, so a tile's mr rows of A are mr adjacent floats
 * (one pointer, splat loads at offsets 4r), and A moves on by `ak` bytes a pixel while B (dy)
 * moves on by `ldb`. No channel-major copy, no patch matrix, no padded dy.
 *
 * patch{mr}x{nr}(a, ak, b, ldb, c, ldc, run, rows, rowSkip, images, imageSkip, init, initStride):
 * C[r, 0..nr) = init[r·initStride, +nr) + Σ_k A(r, k)·B[k, 0..nr) for r < mr, where K is
 * `images` × `rows` runs of `run` pixels: after a run A skips `rowSkip` more bytes (to the next
 * output row's first pixel), after `rows` runs `imageSkip` more (to the next image); B goes on
 * row after row. All addresses and strides in bytes; run, rows, images ≥ 1.
 */
function patchTile(mr: number, nr: number, fma: boolean): FunctionDef {
  const { get, set, tee, i32, add, mul, ltU, loop, end, brIf, load, store } = op;
  const [a, ak, b, ldb, c, ldc, run, rows, rowSkip, images, imageSkip, init, initStride] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  ];
  const params = 13;
  const vectors = nr / 4;
  // i32 locals: the run's end, rows left, images left; v128: accumulators, B vectors, the splat.
  const [runEnd, rowsLeft, imagesLeft] = [params, params + 1, params + 2];
  const i32Locals = 3;
  const acc = (r: number, v: number) => params + i32Locals + r * vectors + v;
  const bv = (v: number) => params + i32Locals + mr * vectors + v;
  const splat = params + i32Locals + mr * vectors + vectors;
  const body: Bytes[] = [];
  for (let r = 0; r < mr; r++)
    for (let v = 0; v < vectors; v++)
      body.push(get(init), get(initStride), i32(r), mul, add, load(16 * v), set(acc(r, v)));
  body.push(get(images), set(imagesLeft));
  body.push(loop); // images
  body.push(get(rows), set(rowsLeft));
  body.push(loop); // output rows
  body.push(get(a), get(run), get(ak), mul, add, set(runEnd));
  body.push(loop); // pixels of the row
  for (let v = 0; v < vectors; v++) body.push(get(b), load(16 * v), set(bv(v)));
  for (let r = 0; r < mr; r++) {
    body.push(get(a), op.loadSplat32(4 * r), set(splat));
    for (let v = 0; v < vectors; v++) {
      body.push(...multiplyAdd(acc(r, v), splat, bv(v), fma));
    }
  }
  body.push(get(b), get(ldb), add, set(b));
  body.push(get(a), get(ak), add, tee(a), get(runEnd), ltU, brIf(0), end);
  body.push(get(a), get(rowSkip), add, set(a));
  body.push(get(rowsLeft), i32(1), op.sub, tee(rowsLeft), brIf(0), end);
  body.push(get(a), get(imageSkip), add, set(a));
  body.push(get(imagesLeft), i32(1), op.sub, tee(imagesLeft), brIf(0), end);
  for (let r = 0; r < mr; r++)
    for (let v = 0; v < vectors; v++)
      body.push(get(c), get(ldc), i32(r), mul, add, get(acc(r, v)), store(16 * v));
  return { name: patchName(mr, nr), params, i32Locals, v128Locals: mr * vectors + vectors + 1, body };
}

export const patchName = (mr: number, nr: number) => `patch${mr}x${nr}`;

/**
 * Every patch tile: nr ∈ {4, 8}, mr ≤ TILE_ROWS[nr] (as the gemm tiles; no 16-wide ones: 3 × 16
 * spills a register on x64, measured slower than 6 × 8).
 */
export function patchTiles(fma: boolean): FunctionDef[] {
  return ([4, 8] as const).flatMap((nr) =>
    Array.from({ length: TILE_ROWS[nr] }, (_, i) => patchTile(i + 1, nr, fma)),
  );
}
