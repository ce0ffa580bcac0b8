import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { channelsForTiles, type ConvInfo } from './conv-info';
import { columnBlocks } from './column-blocks';
import { paddedInput } from './padded-input';
import { resizeLastAxis, resizeLastTwoAxes } from './resize-last-axis';
import { maxTileRows, type SimdLoops } from './simd/loops';
import { splitRows } from './split-rows';
import { addressOf, allocF32, free, poolOf, viewAs, zeroFloats, zerosF32 } from './wasm-heap';

/**
 * 3×3 stride-1 convolutions by Winograd's minimal filtering (`simd/winograd-loops.ts`): F(4×4,
 * 3×3) where the output grid splits into 4×4 tiles, else F(2×2, 3×3). A channel pair's 4×4
 * output tile costs 36 multiply-adds in the Winograd domain (F(2×2): 4 × 16) instead of 144, so
 * the products shrink 4× (2.25×); the transforms around them are adds over channel vectors.
 * F(2×2)'s coefficients are 0, ±1 and ±½; F(4×4)'s reach 8 and 1/24 and round more (~4e-6
 * relative on the tests' random data against ~1e-7).
 *
 * Tiles are taken in chunks of whole tile rows small enough that a chunk's transformed inputs and
 * products stay in the core's cache; the chunks split across the loop threads. Per chunk, with
 * T its tiles and P = t² planes (t = 6 or 4), V [P, T, cin] are the transformed input tiles and,
 * for ξ < P, one gemm strip product per column block gives M[ξ] = V[ξ] · U[ξ] (U the transformed
 * filter [P, cin, cout]).
 */

/** Floats of transformed tiles and products a chunk may hold (≈ 512 KiB, well inside L2). */
const CHUNK_FLOATS = 1 << 17;
/**
 * The fewest tiles in a filter-gradient chunk: the product's K is the chunk's tiles, and each
 * patch-tile call loads and stores its accumulators once (K = 34 on the DPN's 97 → 128 conv at
 * 4 × 4 px took 2.3× longer than K = 256 on two threads).
 */
const MIN_GRADIENT_TILES = 256;

/**
 * Whether {@link winogradConv2d} applies: a 3×3 stride-1 filter without dilation, an even output
 * grid (whole 2×2 tiles) and at least 8 channels in and out (with fewer, the products' K and
 * width are too short to pay for the transforms around them; not measured). Channels that are
 * not a multiple of 4 (the transforms' vectors) are zero-padded to one.
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
    info.inChannels >= 8 &&
    info.outChannels >= 8
  );
}

/**
 * Floats between the P planes of transformed tiles: at least `floats`, and an odd number of
 * 64-byte lines, so the P vectors a transform reads or writes at once fall in P different
 * cache sets (planes a multiple of 4 KiB apart, as at 64 px, made the forward pass 2× slower).
 */
function planeFloats(floats: number): number {
  const lines = Math.ceil(floats / 16);
  return 16 * (lines % 2 === 0 ? lines + 1 : lines);
}

/**
 * F(m×m, 3×3): output tiles of m pixels a side from input tiles of t = m + 2, multiplied in
 * t² planes.
 */
interface Variant {
  m: 2 | 4;
  t: number;
  planes: number;
}

/** F(4×4) where the output grid splits into 4×4 tiles, else F(2×2). */
function variantFor(info: ConvInfo): Variant {
  const m = info.outHeight % 4 === 0 && info.outWidth % 4 === 0 ? 4 : 2;
  return { m, t: m + 2, planes: (m + 2) ** 2 };
}

/** The variant's transforms among `l` (the loops a part runs on: a helper's recorder, say). */
function transformsOf(l: SimdLoops, { m }: Variant) {
  return m === 4
    ? {
        input: l.winogradInput4,
        filter: l.winogradFilter4,
        output: l.winogradOutput4,
        outputGrad: l.winogradOutputGrad4,
        filterGrad: l.winogradFilterGrad4,
      }
    : {
        input: l.winogradInput,
        filter: l.winogradFilter,
        output: l.winogradOutput,
        outputGrad: l.winogradOutputGrad,
        filterGrad: l.winogradFilterGrad,
      };
}

/** Tiles a tile row holds, and the tile rows of the whole batch. */
function tileGrid(info: ConvInfo, { m }: Variant) {
  return { tw: info.outWidth / m, tileRows: (info.batchSize * info.outHeight) / m };
}

/** The forward pass's chunks: of at most CHUNK_FLOATS, and at least `parts` where there are rows enough. */
function tiling(info: ConvInfo, variant: Variant, parts: number) {
  const { inChannels: cin, outChannels: cout } = info;
  const { tw, tileRows } = tileGrid(info, variant);
  const { planes } = variant;
  const fit = Math.floor(CHUNK_FLOATS / (planes * tw * (cin + cout)));
  const rowsPerChunk = Math.max(1, Math.min(Math.ceil(tileRows / parts), fit));
  const chunks = Math.ceil(tileRows / rowsPerChunk);
  const tiles = rowsPerChunk * tw; // the most a chunk holds
  return { tw, tileRows, rowsPerChunk, chunks, tiles };
}

/** Transforms the chunk's input tiles (tile rows first..first+rows) into v [P, tiles, cin]. */
function inputTiles(
  l: SimdLoops,
  variant: Variant,
  info: ConvInfo,
  grid: { at: number; gh: number; gw: number },
  tw: number,
  first: number,
  rows: number,
  v: number,
  plane: number,
) {
  const { outHeight: oh, inChannels: cin } = info;
  const { m, t } = variant;
  const { input } = transformsOf(l, variant);
  for (let r = 0; r < rows; r++) {
    const row = first + r;
    const b = Math.floor((m * row) / oh);
    const y = m * row - b * oh;
    const src = grid.at + 4 * (b * grid.gh + y) * grid.gw * cin;
    input(
      src,
      4 * grid.gw * cin,
      4 * cin,
      v + 4 * r * tw * cin,
      4 * t * plane,
      4 * plane,
      tw,
      4 * m * cin,
      4 * cin,
      4 * cin,
    );
  }
}

/** Byte address of output pixel row m·row of tile row `row` in an [n, oh, ow, c] tensor. */
function outputRowAt(at: number, m: number, info: ConvInfo, row: number, channels: number): number {
  return at + 4 * m * row * info.outWidth * channels;
}

/**
 * The forward convolution (plus bias) of x by a 3×3 filter `[3, 3, cin, cout]`, stride 1, where
 * {@link winogradFits}: on channels padded to multiples of 4 where they are not.
 */
export function winogradConv2d(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  info: ConvInfo,
): tf.TensorInfo {
  const { inChannels: cin, outChannels: cout } = info;
  const [cinP, coutP] = [channelsForTiles(cin), channelsForTiles(cout)];
  if (cinP === cin && coutP === cout) return alignedConv2d(backend, loops, x, filter, bias, info);
  const xP = withChannels(backend, x, cinP);
  const filterP = resizeLastTwoAxes(backend, loops, filter, cinP, coutP);
  const biasP =
    bias && coutP !== cout ? resizeLastTwoAxes(backend, loops, viewAs(bias, [1, cout]), 1, coutP) : bias;
  const outP = alignedConv2d(backend, loops, xP, filterP, biasP, {
    ...info,
    inChannels: cinP,
    outChannels: coutP,
  });
  for (const t of [xP, filterP, biasP]) if (t && t !== x && t !== bias) free(backend, t);
  const out = withChannels(backend, outP, cout);
  if (out !== outP) free(backend, outP);
  return out;
}

/** An NHWC tensor with its channels zero-padded or cut to `channels` (itself where they are). */
function withChannels(backend: BackendWasm, t: tf.TensorInfo, channels: number): tf.TensorInfo {
  return t.shape[3] === channels ? t : resizeLastAxis(backend, t, channels);
}

/** {@link winogradConv2d} on channels that are multiples of 4. */
function alignedConv2d(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  info: ConvInfo,
): tf.TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, inChannels: cin, outChannels: cout } = info;
  const variant = variantFor(info);
  const { m: tile, t: side, planes } = variant;
  const pool = poolOf(backend, loops);
  const parts = pool.partsFor(2 * n * oh * ow * cout * 9 * cin);
  const { tw, tileRows, rowsPerChunk, chunks, tiles } = tiling(info, variant, parts);
  const ranges = splitRows(chunks, parts);
  const { grid, gh, gw } = paddedInput(backend, x, info);
  const init = bias ?? zerosF32(backend, [cout]);
  const zeros = zerosF32(backend, [cout]);
  const u = allocF32(backend, [planes, cin, cout]);
  const [vPlane, mPlane] = [planeFloats(tiles * cin), planeFloats(tiles * cout)];
  const perPart = planes * (vPlane + mPlane);
  const scratch = allocF32(backend, [ranges.length, perPart]);
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
  transformsOf(loops, variant).filter(
    filterAt,
    3 * cin * ob,
    cin * ob,
    uAt,
    side * cin * ob,
    cin * ob,
    cin,
    ob,
    ob,
    ob,
  );
  const blocks = columnBlocks(cout, [8, 4] as const).map(([col, nr]) => ({ col, nr, mr: maxTileRows(nr) }));
  pool.run(ranges.length, (p, l) => {
    const v = scratchAt + 4 * p * perPart;
    const m = v + 4 * planes * vPlane;
    const { output } = transformsOf(l, variant);
    const [firstChunk, count] = ranges[p];
    for (let chunk = firstChunk; chunk < firstChunk + count; chunk++) {
      const first = chunk * rowsPerChunk;
      const rows = Math.min(rowsPerChunk, tileRows - first);
      const t = rows * tw;
      inputTiles(l, variant, info, { at: gridAt, gh, gw }, tw, first, rows, v, vPlane);
      for (let xi = 0; xi < planes; xi++) {
        for (let k = 0; k < blocks.length; k++) {
          const { col, nr, mr } = blocks[k];
          const a = v + 4 * xi * vPlane;
          const b = uAt + 4 * (xi * cin * cout + col);
          const c = m + 4 * (xi * mPlane + col);
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
        const dst = outputRowAt(outAt, tile, info, first + r, cout);
        output(
          m + 4 * r * tw * cout,
          4 * side * mPlane,
          4 * mPlane,
          dst,
          ow * ob,
          ob,
          tw,
          ob,
          tile * ob,
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
 * The filter gradient `[3, 3, cin, cout]` of a convolution where {@link winogradFits}, on
 * channels padded to multiples of 4 where they are not (the padded rows and columns cut after).
 */
export function winogradFilterGradient(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
): tf.TensorInfo {
  const { inChannels: cin, outChannels: cout } = info;
  const [cinP, coutP] = [channelsForTiles(cin), channelsForTiles(cout)];
  if (cinP === cin && coutP === cout) return alignedFilterGradient(backend, loops, x, dy, info);
  const [xP, dyP] = [withChannels(backend, x, cinP), withChannels(backend, dy, coutP)];
  const dWP = alignedFilterGradient(backend, loops, xP, dyP, {
    ...info,
    inChannels: cinP,
    outChannels: coutP,
  });
  for (const t of [xP, dyP]) if (t !== x && t !== dy) free(backend, t);
  const dW = resizeLastTwoAxes(backend, loops, dWP, cin, cout);
  free(backend, dWP);
  return dW;
}

/**
 * {@link winogradFilterGradient} on channels that are multiples of 4: with
 * W = A dy Aᵀ the output gradient's tiles, S[ξ] = Σ over tiles of V[ξ]ᵀ · W[ξ] (the patch tiles,
 * rows = adjacent input channels), then dW = Gᵀ S G. Per chunk of tiles the transforms split
 * across the threads by tile rows, then the products by ξ (small grids have few tiles, and a
 * product's K is its tiles: splitting them would make it short).
 */
function alignedFilterGradient(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
): tf.TensorInfo {
  const { outWidth: ow, inChannels: cin, outChannels: cout } = info;
  const variant = variantFor(info);
  const { m: tile, t: side, planes } = variant;
  const { tw, tileRows } = tileGrid(info, variant);
  // Chunks of CHUNK_FLOATS, or of MIN_GRADIENT_TILES where that is more (whole tile rows).
  const chunkTiles = Math.max(MIN_GRADIENT_TILES, CHUNK_FLOATS / (planes * (cin + cout)));
  const rowsPerChunk = Math.max(1, Math.min(tileRows, Math.floor(chunkTiles / tw)));
  const tiles = rowsPerChunk * tw;
  const pool = poolOf(backend, loops);
  const { grid, gh, gw } = paddedInput(backend, x, info);
  const [vPlane, wPlane] = [planeFloats(tiles * cin), planeFloats(tiles * cout)];
  const scratch = allocF32(backend, [planes * (cin * cout + vPlane + wPlane)]);
  const dW = allocF32(backend, [3, 3, cin, cout]);
  const [gridAt, dyAt, s, dWAt] = [grid, dy, scratch, dW].map((t) => addressOf(backend, t));
  zeroFloats(backend, addressOf(backend, scratch), planes * cin * cout);
  const v = s + 4 * planes * cin * cout;
  const w = v + 4 * planes * vPlane;
  const [cb, ob] = [4 * cin, 4 * cout];
  const blocks = columnBlocks(cout, [8, 4] as const).flatMap(([col, nr]) =>
    rowBlocks(cin, maxTileRows(nr)).map(([row, mr]) => ({ col, nr, row, mr })),
  );
  for (let first = 0; first < tileRows; first += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, tileRows - first);
    const parts = pool.partsFor(2 * planes * rows * tw * cin * cout);
    // The chunk's V = Bᵀ d B and W = A dy Aᵀ, by tile rows.
    const byRows = splitRows(rows, parts);
    pool.run(byRows.length, (p, l) => {
      const [r0, count] = byRows[p];
      inputTiles(
        l,
        variant,
        info,
        { at: gridAt, gh, gw },
        tw,
        first + r0,
        count,
        v + 4 * r0 * tw * cin,
        vPlane,
      );
      const { outputGrad } = transformsOf(l, variant);
      for (let r = r0; r < r0 + count; r++) {
        const src = outputRowAt(dyAt, tile, info, first + r, cout);
        outputGrad(
          src,
          ow * ob,
          ob,
          w + 4 * r * tw * cout,
          4 * side * wPlane,
          4 * wPlane,
          tw,
          tile * ob,
          ob,
          ob,
        );
      }
    });
    // S[ξ] += V[ξ]ᵀ W[ξ], by ξ: each S[ξ] sums its chunks in the same order on any thread count.
    const byXi = splitRows(planes, parts);
    pool.run(byXi.length, (p, l) => {
      const [xi0, count] = byXi[p];
      for (let xi = xi0; xi < xi0 + count; xi++) {
        for (let k = 0; k < blocks.length; k++) {
          const { col, nr, row, mr } = blocks[k];
          const c = s + 4 * ((xi * cin + row) * cout + col);
          const a = v + 4 * (xi * vPlane + row);
          const b = w + 4 * (xi * wPlane + col);
          l.patchTile(mr, nr)(a, cb, b, ob, c, ob, rows * tw, 1, 0, 1, 0, c, ob);
        }
      }
    });
  }
  transformsOf(loops, variant).filterGrad(
    s,
    side * cin * ob,
    cin * ob,
    dWAt,
    3 * cin * ob,
    cin * ob,
    cin,
    ob,
    ob,
    ob,
  );
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
