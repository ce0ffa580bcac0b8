import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dInfo, type ConvInfo } from './conv-info';
import { simdConv2dIfFits } from './conv2d-forward';
import { col2im, col2imRows } from './im2col';
import { liveWindow } from './live-window';
import {
  addressOf,
  allocF32,
  free,
  heapF32,
  input,
  loopsOf,
  matMul2d,
  runWasmKernel,
  viewAs,
  zeroFloats,
  zerosF32,
} from './wasm-heap';

/**
 * Conv2DBackpropInput for wasm, replacing the backend's direct loop:
 * - stride 1: dx is a forward convolution of dy with the filter flipped in space and
 *   transposed in channels, padded by (filter − 1 − pad) on each side (on the lab's gemm strips
 *   where they fit, else XNNPACK's Conv2D);
 * - otherwise: cols [M, K] = dy [M, Cout] × Wᵀ [Cout, K], then col2im scatters cols into dx
 *   (SIMD row adds, `col2imRows`; a JS loop without SIMD).
 */
export function conv2dBackpropInputWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const dy = input(inputs, 'dy');
  const filter = input(inputs, 'filter');
  const info = conv2dInfo(
    attrs.inputShape,
    filter.shape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    attrs.dataFormat,
  );
  if (info.outHeight * info.outWidth === 0) return zerosF32(backend, [...attrs.inputShape]);
  const flippedPad = stride1Padding(info);
  return flippedPad
    ? viaForwardConv(backend, dy, filter, info, flippedPad)
    : viaCol2im(backend, dy, filter, info);
}

type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

/** Padding of the equivalent forward convolution, or null when the stride-1 route does not apply. */
function stride1Padding(info: ConvInfo): ExplicitPad | null {
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const { top, bottom, left, right } = info.padInfo;
  const t = info.filterHeight - 1 - top;
  const b = info.filterHeight - 1 - bottom;
  const l = info.filterWidth - 1 - left;
  const r = info.filterWidth - 1 - right;
  if (Math.min(t, b, l, r) < 0) return null;
  if (info.outHeight + t + b - info.filterHeight + 1 !== info.inHeight) return null;
  if (info.outWidth + l + r - info.filterWidth + 1 !== info.inWidth) return null;
  return [
    [0, 0],
    [t, b],
    [l, r],
    [0, 0],
  ];
}

/**
 * dx as a forward convolution of dy with the filter flipped in space and transposed in channels,
 * over the flipped filter's live window only (`live-window.ts`): the flip is a JS loop over the
 * whole filter (~0.5 ms for the DPN's 3×3×128×164, of which the 1×1 grid reads one tap).
 */
function viaForwardConv(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: ConvInfo,
  pad: ExplicitPad,
) {
  const { filterHeight: fh, filterWidth: fw, inChannels: cin, outChannels: cout } = info;
  const forward = conv2dInfo(dy.shape, [fh, fw, cout, cin], [1, 1], 1, pad, undefined, false);
  const window = liveWindow(forward) ?? { fy: 0, fx: 0, height: fh, width: fw, pad };
  const flipped = allocF32(backend, [window.height, window.width, cout, cin]);
  const src = heapF32(backend, filter);
  const dst = heapF32(backend, flipped);
  for (let y = 0; y < window.height; y++) {
    for (let x = 0; x < window.width; x++) {
      // Tap (fy, fx) of the flipped filter is tap (fh − 1 − fy, fw − 1 − fx) of the filter.
      const [fy, fx] = [fh - 1 - (window.fy + y), fw - 1 - (window.fx + x)];
      const from = (fy * fw + fx) * cin * cout;
      const to = (y * window.width + x) * cout * cin;
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) dst[to + o * cin + i] = src[from + i * cout + o];
    }
  }
  const dx = forwardConv(backend, dy, flipped, window.pad);
  free(backend, flipped);
  return dx;
}

/** The stride-1 route's convolution: the lab's strips where they fit, else the backend's Conv2D. */
function forwardConv(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  flipped: tf.TensorInfo,
  pad: ExplicitPad,
): tf.TensorInfo {
  const info = conv2dInfo(dy.shape, flipped.shape, [1, 1], 1, pad, undefined, false);
  return (
    simdConv2dIfFits(backend, dy, flipped, null, info) ??
    runWasmKernel(
      backend,
      'Conv2D',
      { x: dy, filter: flipped },
      { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined },
    )
  );
}

function viaCol2im(backend: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo, info: ConvInfo) {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const cout = info.outChannels;
  const m = info.batchSize * info.outHeight * info.outWidth;
  const filterT = allocF32(backend, [cout, k]);
  transpose2d(heapF32(backend, filter), k, cout, heapF32(backend, filterT));
  const cols = matMul2d(backend, viewAs(dy, [m, cout]), filterT);
  free(backend, filterT);
  const dx = allocF32(backend, [info.batchSize, info.inHeight, info.inWidth, info.inChannels]);
  const loops = loopsOf(backend);
  if (loops) {
    zeroFloats(
      backend,
      addressOf(backend, dx),
      info.batchSize * info.inHeight * info.inWidth * info.inChannels,
    );
    col2imRows(loops, addressOf(backend, cols), info, addressOf(backend, dx));
  } else col2im(heapF32(backend, cols), info, heapF32(backend, dx));
  free(backend, cols);
  return dx;
}

/** out [cols, rows] = a [rows, cols]ᵀ. */
function transpose2d(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
}
