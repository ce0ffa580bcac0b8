import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { columnBlocks } from './column-blocks';
import { resizeLastAxis } from './resize-last-axis';
import { channelsForTiles, withOutChannels, type ConvInfo } from './conv-info';
import { paddedInput } from './padded-input';
import { maxTileRows, type SimdLoops } from './simd/loops';
import { splitRows } from './split-rows';
import { addressOf, allocF32, free, poolOf, viewAs, zerosF32 } from './wasm-heap';

/**
 * The filter gradient on the patch tiles (`simd/patch-gemm.ts`), any stride, no dilation (a Cout
 * that is not a multiple of 4 runs on dy zero-padded to the next one, dW cropped after): for filter row fy, dW[fy] `[fw·cin, Cout]` = Σ over output pixels of the
 * fw·cin adjacent input values the pixel reads × its row of dy. Both operands are read where
 * they lie (the input zero-padded only where padding is read): no channel-major copy, no patch
 * matrix, no padded dy. Every tile writes its own block of dW, so the tiles split across the
 * threads, each computed exactly as on one thread.
 */
export function patchFilterGrad(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
): tf.TensorInfo {
  const cout = info.outChannels;
  const wide = channelsForTiles(cout);
  if (wide === cout) return patchTilesFilterGrad(backend, loops, x, dy, info);
  const dyWide = resizeLastAxis(backend, dy, wide);
  const dWWide = patchTilesFilterGrad(backend, loops, x, dyWide, withOutChannels(info, wide));
  const { filterHeight: fh, filterWidth: fw, inChannels: cin } = info;
  const dW = resizeLastAxis(backend, viewAs(dWWide, [fh * fw * cin, wide]), cout);
  free(backend, dyWide);
  free(backend, dWWide);
  return dW;
}

function patchTilesFilterGrad(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
): tf.TensorInfo {
  const { batchSize: n, inChannels: cin, outChannels: cout } = info;
  const { outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { grid, gh, gw } = paddedInput(backend, x, info);
  const dW = allocF32(backend, [fh * fw * cin * cout]);
  const zeros = zerosF32(backend, [16]);
  const [gridAt, dyAt, dWAt, zerosAt] = [grid, dy, dW, zeros].map((t) => addressOf(backend, t));
  const rowsPerFilterRow = fw * cin;
  const tiles: [number, number, number, number, 4 | 8][] = []; // [fy, first row, rows, column, width]
  for (let fy = 0; fy < fh; fy++)
    for (const [col, nr] of columnBlocks(cout, [8, 4] as const))
      for (const [r, rows] of splitRows(rowsPerFilterRow, Math.ceil(rowsPerFilterRow / maxTileRows(nr))))
        tiles.push([fy, r, rows, col, nr]);
  const [ak, ldb, ldc] = [4 * sw * cin, 4 * cout, 4 * cout];
  const rowSkip = 4 * (sh * gw - ow * sw) * cin;
  const imageSkip = 4 * (gh - oh * sh) * gw * cin;
  const [imageA, imageB] = [4 * gh * gw * cin, 4 * oh * ow * cout];
  // K in chunks of whole images, so that a chunk of the input and dy stays in cache while every
  // tile of the part reads it.
  const chunk = Math.max(1, Math.floor(FILTER_GRAD_CHUNK_FLOATS / (gh * gw * cin + oh * ow * cout)));
  const pool = poolOf(backend, loops);
  const ranges = splitRows(tiles.length, pool.partsFor(2 * fh * fw * cin * cout * n * oh * ow));
  pool.run(ranges.length, (p, l) => {
    const [first, count] = ranges[p];
    for (let b0 = 0; b0 < n; b0 += chunk) {
      const images = Math.min(chunk, n - b0);
      for (let i = first; i < first + count; i++) {
        const [fy, r, rows, col, nr] = tiles[i];
        const a = gridAt + b0 * imageA + 4 * (fy * gw * cin + r);
        const c = dWAt + (fy * rowsPerFilterRow + r) * ldc + 4 * col;
        const init = b0 === 0 ? zerosAt : c;
        const initStride = b0 === 0 ? 0 : ldc;
        l.patchTile(rows, nr)(
          a,
          ak,
          dyAt + b0 * imageB + 4 * col,
          ldb,
          c,
          ldc,
          ow,
          oh,
          rowSkip,
          images,
          imageSkip,
          init,
          initStride,
        );
      }
    }
  });
  free(backend, zeros);
  if (grid !== x) free(backend, grid);
  return dW;
}

/** Floats of input and dy a chunk spans (256 KiB: the core's L2 holds it; 64 Ki–256 Ki floats measured alike, a whole batch slower). */
const FILTER_GRAD_CHUNK_FLOATS = 1 << 16;
