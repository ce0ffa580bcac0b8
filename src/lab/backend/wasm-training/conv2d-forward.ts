import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { ConvInfo } from './conv-info';
import { maxTileRows, type SimdLoops } from './simd/loops';
import { splitRows } from './split-rows';
import { addressOf, allocF32, free, heapF32, loopsOf, poolOf, zerosF32 } from './wasm-heap';

/**
 * {@link simdConv2d} where it applies (WebAssembly SIMD, no dilation, Cout a multiple of 4: the
 * tiles' column widths), else null for the caller's XNNPACK kernel.
 */
export function simdConv2dIfFits(
  backend: BackendWasm,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  info: ConvInfo,
): tf.TensorInfo | null {
  const loops = loopsOf(backend);
  const fits = info.dilationHeight === 1 && info.dilationWidth === 1 && info.outChannels % 4 === 0;
  return loops && fits ? simdConv2d(backend, loops, x, filter, bias, info) : null;
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
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outChannels: cout } = info;
  const { outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  // The input grid the patches read: x itself where no padding is read, else a padded copy.
  const hp = (oh - 1) * sh + fh;
  const wp = (ow - 1) * sw + fw;
  const unpadded = top === 0 && left === 0 && hp <= h && wp <= w;
  const grid = unpadded ? x : paddedCopy(backend, x, info, hp, wp);
  const [gh, gw] = unpadded ? [h, w] : [hp, wp];
  const init = bias ?? zerosF32(backend, [cout]);
  const out = allocF32(backend, [n, oh, ow, cout]);
  const [gridAt, filterAt, initAt, outAt] = [grid, filter, init, out].map((t) => addressOf(backend, t));
  const nr = cout % 16 === 0 ? 16 : cout % 8 === 0 ? 8 : 4;
  const mr = Math.min(maxTileRows(nr), ow);
  const full = Math.floor(ow / mr);
  const rest = ow - full * mr;
  const [lda, ldb, ldc] = [4 * sw * cin, 4 * cout, 4 * cout];
  const askip = 4 * (gw - fw) * cin;
  const pool = poolOf(backend, loops);
  const ranges = splitRows(n * oh, pool.partsFor(2 * n * oh * ow * cout * fh * fw * cin));
  pool.run(ranges.length, (p, l) => {
    const strip = l.gemmStrip(mr, nr);
    const tail = rest > 0 ? l.gemmStrip(rest, nr) : null;
    const [first, count] = ranges[p];
    for (let row = first; row < first + count; row++) {
      const b = Math.floor(row / oh);
      const oy = row - b * oh;
      const a = gridAt + 4 * (b * gh + oy * sh) * gw * cin;
      const c = outAt + 4 * row * ow * cout;
      for (let col = 0; col < cout; col += nr) {
        const [bCol, cCol, initCol] = [filterAt + 4 * col, c + 4 * col, initAt + 4 * col];
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

/** x zero-padded to `[n, hp, wp, cin]`: x[b, iy, ix] lands at (iy + top, ix + left). */
function paddedCopy(backend: BackendWasm, x: tf.TensorInfo, info: ConvInfo, hp: number, wp: number) {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin } = info;
  const { top, left } = info.padInfo;
  const padded = allocF32(backend, [n, hp, wp, cin]);
  // One view of the whole heap (valid: no allocation follows).
  const heap = new Float32Array(heapF32(backend, padded).buffer);
  const xAt = addressOf(backend, x) >> 2;
  const pAt = addressOf(backend, padded) >> 2;
  heap.fill(0, pAt, pAt + n * hp * wp * cin);
  const [y0, y1] = [Math.max(0, -top), Math.min(h, hp - top)];
  const [x0, x1] = [Math.max(0, -left), Math.min(w, wp - left)];
  if (x1 <= x0) return padded;
  for (let b = 0; b < n; b++) {
    for (let iy = y0; iy < y1; iy++) {
      const src = xAt + ((b * h + iy) * w + x0) * cin;
      const dst = pAt + ((b * hp + iy + top) * wp + x0 + left) * cin;
      heap.copyWithin(dst, src, src + (x1 - x0) * cin);
    }
  }
  return padded;
}
