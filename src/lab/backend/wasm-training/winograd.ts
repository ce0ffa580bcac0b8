import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { ConvInfo } from './conv-info';
import { columnBlocks } from './column-blocks';
import { paddedInput } from './padded-input';
import { maxTileRows, type SimdLoops } from './simd/loops';
import { splitRows } from './split-rows';
import { addressOf, allocF32, free, heapF32, poolOf, zerosF32 } from './wasm-heap';

/**
 * 3×3 stride-1 convolutions by Winograd's F(2×2, 3×3) (`simd/winograd-loops.ts`): each 2×2
 * output tile of a channel pair costs 16 multiply-adds in the Winograd domain instead of 36, so
 * the products shrink 2.25×; the transforms around them are adds over channel vectors. The
 * coefficients are 0, ±1 and ±½, so the rounding stays close to the direct sum's.
 *
 * Tiles are taken in chunks of whole tile rows small enough that a chunk's transformed inputs and
 * products stay in the core's cache; the chunks split across the loop threads. Per chunk, with
 * T its tiles, V [16, T, cin] are the transformed input tiles and, for ξ < 16, one gemm strip
 * product per column block gives M[ξ] = V[ξ] · U[ξ] (U the transformed filter [16, cin, cout]).
 */

/** Floats of transformed tiles and products a chunk may hold (≈ 512 KiB, well inside L2). */
const CHUNK_FLOATS = 1 << 17;

/**
 * Whether {@link winogradConv2d} applies: a 3×3 stride-1 filter without dilation, an even output
 * grid (whole 2×2 tiles), channels in multiples of 4 (the transforms' vectors) and at least 8 in
 * (the products' K: at 4 the transforms cost more than the products save).
 */
export function winogradFits(info: ConvInfo): boolean {
  return (
    info.filterHeight === 3 &&
    info.filterWidth === 3 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.outHeight % 2 === 0 &&
    info.outWidth % 2 === 0 &&
    info.inChannels % 4 === 0 &&
    info.inChannels >= 8 &&
    info.outChannels % 4 === 0
  );
}

/** The tiling shared by the forward pass and the filter gradient. */
function tiling(info: ConvInfo) {
  const { batchSize: n, outHeight: oh, outWidth: ow, inChannels: cin, outChannels: cout } = info;
  const tw = ow / 2;
  const tileRows = (n * oh) / 2;
  const rowsPerChunk = Math.max(1, Math.min(tileRows, Math.floor(CHUNK_FLOATS / (16 * tw * (cin + cout)))));
  const chunks = Math.ceil(tileRows / rowsPerChunk);
  const tiles = rowsPerChunk * tw; // the most a chunk holds
  return { tw, tileRows, rowsPerChunk, chunks, tiles };
}

/** Transforms the chunk's input tiles (tile rows first..first+rows) into v [16, tiles, cin]. */
function inputTiles(
  l: SimdLoops,
  info: ConvInfo,
  grid: { at: number; gh: number; gw: number },
  tw: number,
  first: number,
  rows: number,
  v: number,
  plane: number,
) {
  const { outHeight: oh, inChannels: cin } = info;
  for (let r = 0; r < rows; r++) {
    const row = first + r;
    const b = Math.floor((2 * row) / oh);
    const y = 2 * row - b * oh;
    const src = grid.at + 4 * (b * grid.gh + y) * grid.gw * cin;
    l.winogradInput(
      src,
      4 * grid.gw * cin,
      4 * cin,
      v + 4 * r * tw * cin,
      16 * plane,
      4 * plane,
      tw,
      8 * cin,
      4 * cin,
      4 * cin,
    );
  }
}

/** Byte address of output pixel row 2·row of tile row `row` in an [n, oh, ow, c] tensor. */
function outputRowAt(at: number, info: ConvInfo, row: number, channels: number): number {
  return at + 4 * 2 * row * info.outWidth * channels;
}

/**
 * The forward convolution (plus bias) of x by a 3×3 filter `[3, 3, cin, cout]`, stride 1, where
 * {@link winogradFits}.
 */
export function winogradConv2d(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  info: ConvInfo,
): tf.TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, inChannels: cin, outChannels: cout } = info;
  const { tw, tileRows, rowsPerChunk, chunks, tiles } = tiling(info);
  const pool = poolOf(backend, loops);
  const ranges = splitRows(chunks, pool.partsFor(2 * n * oh * ow * cout * 9 * cin));
  const { grid, gh, gw } = paddedInput(backend, x, info);
  const init = bias ?? zerosF32(backend, [cout]);
  const zeros = zerosF32(backend, [cout]);
  const u = allocF32(backend, [16, cin, cout]);
  const scratch = allocF32(backend, [ranges.length, 16 * tiles * (cin + cout)]);
  const out = allocF32(backend, [n, oh, ow, cout]);
  const [gridAt, filterAt, initAt, zerosAt, uAt, scratchAt, outAt] = [
    grid,
    filter,
    init,
    zeros,
    u,
    scratch,
    out,
  ].map((t) => addressOf(backend, t));
  const [cb, ob] = [4 * cin, 4 * cout];
  loops.winogradFilter(filterAt, 3 * cin * ob, cin * ob, uAt, 4 * cin * ob, cin * ob, cin, ob, ob, ob);
  const blocks = columnBlocks(cout, [8, 4] as const).map(([col, nr]) => ({ col, nr, mr: maxTileRows(nr) }));
  const [vPlane, mPlane] = [tiles * cin, tiles * cout];
  pool.run(ranges.length, (p, l) => {
    const v = scratchAt + 4 * p * 16 * tiles * (cin + cout);
    const m = v + 4 * 16 * vPlane;
    const [firstChunk, count] = ranges[p];
    for (let chunk = firstChunk; chunk < firstChunk + count; chunk++) {
      const first = chunk * rowsPerChunk;
      const rows = Math.min(rowsPerChunk, tileRows - first);
      const t = rows * tw;
      inputTiles(l, info, { at: gridAt, gh, gw }, tw, first, rows, v, vPlane);
      for (let xi = 0; xi < 16; xi++) {
        for (const { col, nr, mr } of blocks) {
          const [a, b, c] = [
            v + 4 * xi * vPlane,
            uAt + 4 * (xi * cin * cout + col),
            m + 4 * (xi * mPlane + col),
          ];
          const full = Math.floor(t / mr);
          const rest = t - full * mr;
          if (full > 0)
            l.gemmStrip(mr, nr)(
              a,
              cb,
              b,
              ob,
              c,
              ob,
              cin,
              1,
              0,
              zerosAt + 4 * col,
              0,
              full,
              mr * cb,
              mr * ob,
              0,
            );
          if (rest > 0)
            l.gemmStrip(rest, nr)(
              a + full * mr * cb,
              cb,
              b,
              ob,
              c + full * mr * ob,
              ob,
              cin,
              1,
              0,
              zerosAt + 4 * col,
              0,
              1,
              0,
              0,
              0,
            );
        }
      }
      for (let r = 0; r < rows; r++) {
        const dst = outputRowAt(outAt, info, first + r, cout);
        l.winogradOutput(
          m + 4 * r * tw * cout,
          16 * mPlane,
          4 * mPlane,
          dst,
          ow * ob,
          ob,
          tw,
          ob,
          2 * ob,
          ob,
          initAt,
        );
      }
    }
  });
  for (const t of [zeros, u, scratch]) free(backend, t);
  if (init !== bias) free(backend, init);
  if (grid !== x) free(backend, grid);
  return out;
}

/**
 * The filter gradient `[3, 3, cin, cout]` of a convolution where {@link winogradFits}: with
 * W = A dy Aᵀ the output gradient's tiles, S[ξ] = Σ over tiles of V[ξ]ᵀ · W[ξ] (the patch tiles,
 * rows = adjacent input channels), then dW = Gᵀ S G. Each part sums its chunks into its own S.
 */
export function winogradFilterGradient(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
): tf.TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, inChannels: cin, outChannels: cout } = info;
  const { tw, tileRows, rowsPerChunk, chunks, tiles } = tiling(info);
  const pool = poolOf(backend, loops);
  const ranges = splitRows(chunks, pool.partsFor(2 * n * oh * ow * cout * 9 * cin));
  const { grid, gh, gw } = paddedInput(backend, x, info);
  const sFloats = 16 * cin * cout;
  const perPart = 16 * tiles * (cin + cout) + sFloats;
  const scratch = allocF32(backend, [ranges.length, perPart]);
  const dW = allocF32(backend, [3, 3, cin, cout]);
  const [gridAt, dyAt, scratchAt, dWAt] = [grid, dy, scratch, dW].map((t) => addressOf(backend, t));
  const heap = heapF32(backend, scratch);
  for (let p = 0; p < ranges.length; p++) heap.fill(0, p * perPart, p * perPart + sFloats);
  const [cb, ob] = [4 * cin, 4 * cout];
  const blocks = columnBlocks(cout, [8, 4] as const).flatMap(([col, nr]) =>
    rowBlocks(cin, maxTileRows(nr)).map(([row, mr]) => ({ col, nr, row, mr })),
  );
  const [vPlane, wPlane] = [tiles * cin, tiles * cout];
  pool.run(ranges.length, (p, l) => {
    const s = scratchAt + 4 * p * perPart;
    const v = s + 4 * sFloats;
    const w = v + 4 * 16 * vPlane;
    const [firstChunk, count] = ranges[p];
    for (let chunk = firstChunk; chunk < firstChunk + count; chunk++) {
      const first = chunk * rowsPerChunk;
      const rows = Math.min(rowsPerChunk, tileRows - first);
      inputTiles(l, info, { at: gridAt, gh, gw }, tw, first, rows, v, vPlane);
      for (let r = 0; r < rows; r++) {
        const src = outputRowAt(dyAt, info, first + r, cout);
        l.winogradOutputGrad(
          src,
          ow * ob,
          ob,
          w + 4 * r * tw * cout,
          16 * wPlane,
          4 * wPlane,
          tw,
          2 * ob,
          ob,
          ob,
        );
      }
      for (let xi = 0; xi < 16; xi++) {
        for (const { col, nr, row, mr } of blocks) {
          const c = s + 4 * ((xi * cin + row) * cout + col);
          const [a, b] = [v + 4 * (xi * vPlane + row), w + 4 * (xi * wPlane + col)];
          l.patchTile(mr, nr)(a, cb, b, ob, c, ob, rows * tw, 1, 0, 1, 0, c, ob);
        }
      }
    }
  });
  const s0 = scratchAt;
  for (let p = 1; p < ranges.length; p++) loops.addRows(s0, 0, s0 + 4 * p * perPart, 0, 1, 4 * sFloats);
  loops.winogradFilterGrad(s0, 4 * cin * ob, cin * ob, dWAt, 3 * cin * ob, cin * ob, cin, ob, ob, ob);
  free(backend, scratch);
  if (grid !== x) free(backend, grid);
  return dW;
}

/** [first row, height] blocks of at most `tallest` rows covering 0..rows. */
function rowBlocks(rows: number, tallest: number): [number, number][] {
  const blocks: [number, number][] = [];
  for (let row = 0; row < rows; row += tallest) blocks.push([row, Math.min(tallest, rows - row)]);
  return blocks;
}
