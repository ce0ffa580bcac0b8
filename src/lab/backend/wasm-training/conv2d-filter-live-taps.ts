import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { columnBlocks } from './column-blocks';
import { resizeLastAxis } from './resize-last-axis';
import { channelsForTiles, type ConvInfo } from './conv-info';
import { im2colTransposed } from './im2col';
import { maxTileRows, type SimdLoops } from './simd/loops';
import { splitRows } from './split-rows';
import { addressOf, allocF32, free, heapF32, memoryF32, poolOf, runWasmKernel, viewAs } from './wasm-heap';

/**
 * Conv2DBackpropFilter on the SIMD tiles from a patch matrix of the LIVE taps only (the lab's own
 * code: tfjs-backend-wasm has no such kernel). A tap is live when some output pixel reads the
 * image through it; the others' gradient is zero. On the DPN's small grids most of a 3×3 filter
 * reads padding (at 1×1 only the centre tap is live), and its channel counts are odd (5, 10,
 * 41, 82, 164): dy is zero-padded to a multiple of 4 columns for the tiles, any stride.
 * dW_live [Klive, Cout4] = patchesᵀ [Klive, M] × dy4 [M, Cout4].
 */

/** Taps (fy·fw + fx) that read inside the image for at least one output pixel. */
export function liveTaps(info: ConvInfo): number[] {
  const { inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  // Some o in [0, n) with 0 ≤ o·s + off < size.
  const live = (off: number, s: number, n: number, size: number) => {
    const first = Math.max(0, Math.ceil(-off / s));
    return first < n && first * s + off < size;
  };
  const taps: number[] = [];
  for (let fy = 0; fy < fh; fy++)
    for (let fx = 0; fx < fw; fx++)
      if (live(fy * dh - top, sh, oh, h) && live(fx * dw - left, sw, ow, w)) taps.push(fy * fw + fx);
  return taps;
}

/** Largest patch matrix this path builds (floats); beyond it the in-place paths are used. */
const MAX_PATCHES = 1 << 24;

/**
 * Whether the live-tap patches pay: where taps are dead (the patch tiles would multiply them all),
 * within {@link MAX_PATCHES}. With every tap live the patch tiles are faster on the DPN's shapes,
 * odd Cout included (bench/README.md).
 */
export function preferLiveTaps(info: ConvInfo, taps: number): boolean {
  const { outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw, inChannels: cin } = info;
  return taps < fh * fw && taps * cin * info.batchSize * oh * ow <= MAX_PATCHES;
}

export function liveTapsFilterGrad(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
  taps: number[],
): tf.TensorInfo {
  const { batchSize: n, inChannels: cin, outChannels: cout, outHeight: oh, outWidth: ow } = info;
  const ntaps = info.filterHeight * info.filterWidth;
  const m = n * oh * ow;
  const k = taps.length * cin;
  const cout4 = channelsForTiles(cout);
  const direct = cout4 === cout && taps.length === ntaps;
  // x → [cin, n, h, w] on the backend's own Transpose (a no-op copy-free view when cin = 1).
  const xT = cin === 1 ? x : runWasmKernel(backend, 'Transpose', { x }, { perm: [3, 0, 1, 2] });
  const patches = allocF32(backend, [k, m]);
  const dy4 = cout4 === cout ? dy : resizeLastAxis(backend, viewAs(dy, [m, cout]), cout4);
  const dW = allocF32(backend, [ntaps * cin * cout]);
  const c = direct ? dW : allocF32(backend, [k, cout4]);
  im2colTransposed(heapF32(backend, xT), info, heapF32(backend, patches), taps);
  if (xT !== x) free(backend, xT);
  const heap = memoryF32(backend);
  const [aAt, bAt, cAt] = [patches, dy4, c].map((t) => addressOf(backend, t));
  const tiles: [number, number, number, 4 | 8 | 16][] = []; // [first row, rows, column, width]
  for (const [col, nr] of columnBlocks(cout4, [16, 8, 4] as const))
    for (const [r, rows] of splitRows(k, Math.ceil(k / maxTileRows(nr)))) tiles.push([r, rows, col, nr]);
  const pool = poolOf(backend, loops);
  const ranges = splitRows(tiles.length, pool.partsFor(2 * k * cout4 * m));
  pool.run(ranges.length, (p, l) => {
    const [first, count] = ranges[p];
    for (let i = first; i < first + count; i++) {
      const [r, rows, col, nr] = tiles[i];
      l.gemmTile(rows, nr)(
        aAt + 4 * r * m,
        4 * m,
        bAt + 4 * col,
        4 * cout4,
        cAt + 4 * (r * cout4 + col),
        4 * cout4,
        m,
        1,
        0,
      );
    }
  });
  free(backend, patches);
  if (dy4 !== dy) free(backend, dy4);
  if (!direct) {
    // dW[tap, ci, :] = c[(i·cin + ci), :cout] for the i-th live tap; zero for the others.
    const [src, dst] = [cAt >> 2, addressOf(backend, dW) >> 2];
    heap.fill(0, dst, dst + ntaps * cin * cout);
    taps.forEach((tap, i) => {
      for (let ci = 0; ci < cin; ci++) {
        const from = src + (i * cin + ci) * cout4;
        heap.copyWithin(dst + (tap * cin + ci) * cout, from, from + cout);
      }
    });
    free(backend, c);
  }
  return dW;
}
