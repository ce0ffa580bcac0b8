import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { fitsInputTiles, type ConvInfo } from './conv-info';
import { maxTileRows, type SimdLoops } from './simd/loops';
import { splitRows } from './split-rows';
import { paddedInput } from './padded-input';
import { addressOf, allocF32, free, loopsOf, poolOf, zerosF32 } from './wasm-heap';

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
  return loops && fitsInputTiles(info) ? simdConv2d(backend, loops, x, filter, bias, info) : null;
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
  const nr = cout % 8 === 0 ? 8 : 4;
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
