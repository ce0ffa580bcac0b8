import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dInfo, type ConvInfo } from './conv-info';
import { liveTaps, liveTapsFilterGrad, preferLiveTaps } from './conv2d-filter-live-taps';
import { patchFilterGrad } from './conv2d-filter-patches';
import { im2colTransposed } from './im2col';
import { winogradFilterGradient, winogradFits } from './winograd';
import {
  allocF32,
  free,
  heapF32,
  input,
  loopsOf,
  matMul2d,
  runWasmKernel,
  viewAs,
  zerosF32,
} from './wasm-heap';

/**
 * Conv2DBackpropFilter for wasm (absent from tfjs-backend-wasm 4.22): dW [K, Cout] =
 * patchesᵀ [K, M] × dy [M, Cout].
 * - small grids with dead taps (where it fits): the live taps' patches on the SIMD tiles
 *   (`conv2d-filter-live-taps.ts`);
 * - otherwise, with WebAssembly SIMD, any stride and Cout: the patch tiles read the input and dy
 *   where they lie (`conv2d-filter-patches.ts`: no patch matrix, no packing);
 * - without SIMD, stride 1: patches are built over a width-padded grid, where every row of
 *   patchesᵀ is one contiguous run per image of the padded, channel-major input (a memcpy, see
 *   `shiftedRows`), dy is zero-padded to match, and ONE XNNPACK matMul does the product;
 * - other strides: patchesᵀ is gathered per element from a channel-major copy of x
 *   (`im2colTransposed`), then one XNNPACK matMul.
 */
export function conv2dBackpropFilterWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  const info = conv2dInfo(
    x.shape,
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    attrs.dataFormat,
  );
  const m = info.batchSize * info.outHeight * info.outWidth;
  if (m === 0) return zerosF32(backend, [...attrs.filterShape]);
  const stride1 = info.strideHeight === 1 && info.strideWidth === 1;
  const simd = loopsOf(backend);
  const taps = liveTaps(info);
  if (taps.length === 0) return zerosF32(backend, [...attrs.filterShape]);
  if (simd && winogradFits(info)) return winogradFilterGradient(backend, simd, x, dy, info);
  if (simd && preferLiveTaps(info, taps.length)) {
    const dW = liveTapsFilterGrad(backend, simd, x, dy, info, taps);
    dW.shape = [...attrs.filterShape];
    return dW;
  }
  const dW = simd
    ? patchFilterGrad(backend, simd, x, dy, info)
    : stride1
      ? shiftedRows(backend, x, dy, info)
      : gathered(backend, x, dy, info);
  dW.shape = [...attrs.filterShape];
  return dW;
}

/**
 * Stride 1. With xpT the zero-padded input, channel-major `[cin, n, hp, wp]` (hp = outH + fh − 1,
 * wp = outW + fw − 1), tap (fy, fx) of output pixel (b, oy, ox) reads xpT[c, b, oy + fy, ox + fx].
 * Over a grid of n × outH rows of wp columns (the last fw − 1 columns of each row dead, with dy
 * zero there: `dyw` is dy padded on the right), row (tap, c) of patchesᵀ `[K, Q]` is then, per
 * image b, ONE contiguous run of outH·wp values of xpT starting at (b, fy, fx): a memcpy instead
 * of a per-element gather. A run may spill past its image into the next one (or into the
 * next channel, or the tail slack) only at dead columns, so the product is exact.
 * The matMul grows by wp / outW (6–25% on the lab's shapes); the gather it replaces cost more.
 */
function shiftedRows(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: ConvInfo) {
  const { batchSize: n, inChannels: cin } = info;
  const { outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const hp = oh + fh - 1;
  const wp = ow + fw - 1;
  const plane = n * hp * wp;
  const run = oh * wp;
  const q = n * run;
  const k = fh * fw * cin;
  const xpT = paddedChannelMajor(backend, x, info);
  const dyw = widthPaddedDy(backend, dy, info);
  const patches = allocF32(backend, [k, q]);
  // One view of the whole wasm heap (valid until the next allocation, so made after them all).
  const heap = new Float32Array(heapF32(backend, patches).buffer);
  const xpAt = heapF32(backend, xpT).byteOffset >> 2;
  // patchesᵀ rows, ordered (fy, fx, c) as the filter's [fh, fw, cin] axes.
  let dst = heapF32(backend, patches).byteOffset >> 2;
  for (let fy = 0; fy < fh; fy++) {
    for (let fx = 0; fx < fw; fx++) {
      for (let c = 0; c < cin; c++) {
        for (let b = 0, src = xpAt + c * plane + (b * hp + fy) * wp + fx; b < n; b++) {
          heap.copyWithin(dst, src, src + run); // a memmove: ~3× an element loop, even at 80
          dst += run;
          src += hp * wp;
        }
      }
    }
  }
  free(backend, xpT);
  const dW = matMul2d(backend, patches, dyw);
  free(backend, patches);
  free(backend, dyw);
  return dW;
}

/**
 * x zero-padded to the stride-1 grid, channel-major: `[cin, n, hp, wp]` (hp = outH + fh − 1,
 * wp = outW + fw − 1), then fw − 1 zeros, so a run that starts at the last tap may end there.
 */
function paddedChannelMajor(backend: BackendWasm, x: tf.TensorInfo, info: ConvInfo) {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin } = info;
  const { outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const hp = oh + fh - 1;
  const wp = ow + fw - 1;
  const size = cin * n * hp * wp + fw - 1;
  // x → [cin, n, h, w] on the backend's own Transpose (a no-op copy-free view when cin = 1).
  const xT = cin === 1 ? x : runWasmKernel(backend, 'Transpose', { x }, { perm: [3, 0, 1, 2] });
  const xpT = allocF32(backend, [size]);
  const heap = new Float32Array(heapF32(backend, xpT).buffer);
  const xtAt = heapF32(backend, xT).byteOffset >> 2;
  const xpAt = heapF32(backend, xpT).byteOffset >> 2;
  // xpT[c, b, iy + top, ix + left] = xT[c, b, iy, ix], zero outside the image.
  heap.fill(0, xpAt, xpAt + size);
  const y0 = Math.max(0, -top);
  const y1 = Math.min(h, hp - top);
  const x0 = Math.max(0, -left);
  const x1 = Math.min(w, wp - left);
  for (let cb = 0; cb < cin * n; cb++) {
    for (let iy = y0; iy < y1; iy++) {
      const dst = xpAt + (cb * hp + iy + top) * wp + left;
      const src = xtAt + (cb * h + iy) * w;
      for (let ix = x0; ix < x1; ix++) heap[dst + ix] = heap[src + ix];
    }
  }
  if (xT !== x) free(backend, xT);
  return xpT;
}

/** dyw[(b·oh + oy)·wp + ox, :] = dy[b, oy, ox, :] for ox < outW, zero for the wp − outW dead columns. */
function widthPaddedDy(backend: BackendWasm, dy: tf.TensorInfo, info: ConvInfo) {
  const { batchSize: n, outHeight: oh, outWidth: ow, outChannels: cout, filterWidth: fw } = info;
  const wp = ow + fw - 1;
  const dyw = allocF32(backend, [n * oh * wp, cout]);
  const heap = new Float32Array(heapF32(backend, dyw).buffer);
  const dyAt = heapF32(backend, dy).byteOffset >> 2;
  const live = ow * cout;
  const dead = (wp - ow) * cout;
  for (let r = 0, src = dyAt, dst = heapF32(backend, dyw).byteOffset >> 2; r < n * oh; r++, src += live) {
    heap.copyWithin(dst, src, src + live);
    dst += live;
    heap.fill(0, dst, dst + dead);
    dst += dead;
  }
  return dyw;
}

/** Any stride: patchesᵀ gathered per element from x transposed to `[cin, n, h, w]`. */
function gathered(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: ConvInfo) {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const m = info.batchSize * info.outHeight * info.outWidth;
  // x → [cin, n, h, w] on the backend's own Transpose (a no-op copy-free view when cin = 1).
  const xT = info.inChannels === 1 ? x : runWasmKernel(backend, 'Transpose', { x }, { perm: [3, 0, 1, 2] });
  const patches = allocF32(backend, [k, m]);
  im2colTransposed(heapF32(backend, xT), info, heapF32(backend, patches));
  if (xT !== x) free(backend, xT);
  const dW = matMul2d(backend, patches, viewAs(dy, [m, info.outChannels]));
  free(backend, patches);
  return dW;
}
