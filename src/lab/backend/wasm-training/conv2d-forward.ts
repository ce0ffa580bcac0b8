import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { channelsForTiles, conv2dInfo, withOutChannels, type ConvInfo } from './conv-info';
import { resizeLastAxis } from './resize-last-axis';
import { patchRows } from './patch-rows';
import { columnBlocks } from './column-blocks';
import { maxTileRows, type SimdLoops } from './simd/loops';
import { splitRows } from './split-rows';
import { paddedInput } from './padded-input';
import { addressOf, allocF32, free, loopsOf, poolOf, viewAs, zerosF32 } from './wasm-heap';
import { winogradConv2d, winogradFits } from './winograd';

/**
 * {@link winogradConv2d} for 3×3 stride-1 filters where it fits, else {@link simdConv2d} where it
 * applies (WebAssembly SIMD, no dilation), else null for the caller's XNNPACK kernel. A Cout that
 * is not a multiple of 4 (the tiles' narrowest column block) runs on the filter and bias
 * zero-padded to one, the output cropped after, where that pays: spatial filters on grids that
 * are not narrow (the DPN's odd widths; 1×1 convs and narrow grids were faster on XNNPACK,
 * bench/README.md).
 */
export function simdConv2dIfFits(
  backend: BackendWasm,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  info: ConvInfo,
): tf.TensorInfo | null {
  const loops = loopsOf(backend);
  if (!loops || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  if (winogradFits(info)) return winogradConv2d(backend, loops, x, filter, bias, info);
  const cout = info.outChannels;
  if (cout % 4 === 0)
    return narrowGrid(info)
      ? viaPatchRows(backend, loops, x, filter, bias, info)
      : simdConv2d(backend, loops, x, filter, bias, info);
  const wideInfo = withOutChannels(info, channelsForTiles(cout));
  if (info.filterHeight * info.filterWidth === 1 || narrowGrid(wideInfo)) return null;
  const wide = wideInfo.outChannels;
  const filterWide = resizeLastAxis(backend, filter, wide);
  const biasWide = bias ? resizeLastAxis(backend, bias, wide) : null;
  const outWide = simdConv2d(backend, loops, x, filterWide, biasWide, wideInfo);
  free(backend, filterWide);
  if (biasWide) free(backend, biasWide);
  const out = resizeLastAxis(backend, outWide, cout);
  free(backend, outWide);
  return out;
}

/** Width of the widest strips for `cout` channels (a multiple of 4). */
const stripWidth = (cout: number) => (cout >= 8 ? 8 : 4);

/** Largest patch matrix {@link viaPatchRows} builds (floats). */
const MAX_PATCH_ROWS = 1 << 22;

/**
 * Whether the output rows are too short for the strips' tiles (a tile's mr pixels lie in one
 * output row: at outW = 1 or 2 most of its rows go unused; the DPN's last grids at 32 and 64 px).
 */
function narrowGrid(info: ConvInfo): boolean {
  const {
    batchSize: n,
    outHeight: oh,
    outWidth: ow,
    filterHeight: fh,
    filterWidth: fw,
    inChannels: cin,
  } = info;
  return 2 * ow <= maxTileRows(stripWidth(info.outChannels)) && n * oh * ow * fh * fw * cin <= MAX_PATCH_ROWS;
}

/**
 * The convolution as a product of its patch rows (`patch-rows.ts`) and the filter as [K, Cout]:
 * the same strips over M/W "images" of one W-pixel row and a 1×K filter, so each tile fills its
 * rows and the images split across the threads.
 */
function viaPatchRows(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  info: ConvInfo,
): tf.TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, outChannels: cout } = info;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const m = n * oh * ow;
  let width = Math.min(32, m);
  while (m % width !== 0) width--;
  const { patches, owned } = patchRows(backend, x, info);
  const rows = conv2dInfo([m / width, 1, width, k], [1, 1, k, cout], 1, 1, 'valid', undefined, false);
  const out = simdConv2d(
    backend,
    loops,
    viewAs(patches, [m / width, 1, width, k]),
    viewAs(filter, [1, 1, k, cout]),
    bias,
    rows,
  );
  if (owned) free(backend, patches);
  out.shape = [n, oh, ow, cout];
  return out;
}

/**
 * A forward convolution on the lab's gemm strips (`simd/gemm.ts`), plus an optional bias: no
 * patch matrix. In the (zero-padded where needed) NHWC input, output pixel (b, oy, ox)'s patch
 * is fh runs of fw·cin contiguous values, one per filter row, and the filter `[fh, fw, cin, cout]`
 * is already the product's B in the same (fy, fx, c) order. So one strip call computes mr
 * pixels after mr pixels of an output row, nr channels at a time, its accumulators starting
 * from the bias. Measured against XNNPACK's FusedConv2D (tfjs 4.22, no relaxed SIMD) on the
 * reference CNN: see bench/README.md.
 */
function simdConv2d(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  info: ConvInfo,
): tf.TensorInfo {
  const { batchSize: n, inChannels: cin, outChannels: cout } = info;
  const { outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { grid, gh, gw } = paddedInput(backend, x, info);
  const init = bias ?? zerosF32(backend, [cout]);
  const out = allocF32(backend, [n, oh, ow, cout]);
  const [gridAt, filterAt, initAt, outAt] = [grid, filter, init, out].map((t) => addressOf(backend, t));
  // Per column block: mr pixels a strip tile (as many as fit the registers), the rest in one tail.
  const blocks = columnBlocks(cout, [8, 4] as const).map(([col, nr]) => {
    const mr = Math.min(maxTileRows(nr), ow);
    const full = Math.floor(ow / mr);
    return { col, nr, mr, full, rest: ow - full * mr };
  });
  const [lda, ldb, ldc] = [4 * sw * cin, 4 * cout, 4 * cout];
  const askip = 4 * (gw - fw) * cin;
  const pool = poolOf(backend, loops);
  const ranges = splitRows(n * oh, pool.partsFor(2 * n * oh * ow * cout * fh * fw * cin));
  pool.run(ranges.length, (p, l) => {
    const strips = blocks.map(({ nr, mr, rest }) => ({
      strip: l.gemmStrip(mr, nr),
      tail: rest > 0 ? l.gemmStrip(rest, nr) : null,
    }));
    const [first, count] = ranges[p];
    for (let row = first; row < first + count; row++) {
      const b = Math.floor(row / oh);
      const oy = row - b * oh;
      const a = gridAt + 4 * (b * gh + oy * sh) * gw * cin;
      const c = outAt + 4 * row * ow * cout;
      // Plain loops: this body runs per output row, and closures or tuples here were garbage.
      for (let i = 0; i < blocks.length; i++) {
        const { col, mr, full } = blocks[i];
        const { strip, tail } = strips[i];
        const bCol = filterAt + 4 * col;
        const cCol = c + 4 * col;
        const initCol = initAt + 4 * col;
        if (full > 0)
          strip(a, lda, bCol, ldb, cCol, ldc, fw * cin, fh, askip, initCol, 0, full, mr * lda, mr * ldc, 0);
        if (tail) {
          const at = full * mr;
          tail(
            a + at * lda,
            lda,
            bCol,
            ldb,
            cCol + at * ldc,
            ldc,
            fw * cin,
            fh,
            askip,
            initCol,
            0,
            1,
            0,
            0,
            0,
          );
        }
      }
    }
  });
  if (init !== bias) free(backend, init);
  if (grid !== x) free(backend, grid);
  return out;
}
