import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dInfo } from './conv-info';
import { col2im } from './im2col';
import { allocF32, free, heapF32, matMul2d, viewAs } from './wasm-heap';

/**
 * Conv2DBackpropInput for wasm, replacing the backend's direct loop:
 * cols [M, K] = dy [M, Cout] × Wᵀ [Cout, K] on the XNNPACK matMul path, then col2im.
 */
export function conv2dBackpropInputWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const { dy, filter } = inputs;
  const info = conv2dInfo(attrs.inputShape, filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, attrs.dataFormat);
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const cout = info.outChannels;
  const m = info.batchSize * info.outHeight * info.outWidth;
  const filterT = allocF32(backend, [cout, k]);
  transpose2d(heapF32(backend, filter), k, cout, heapF32(backend, filterT));
  const cols = matMul2d(backend, viewAs(dy, [m, cout]), filterT);
  free(backend, filterT);
  const dx = allocF32(backend, [...attrs.inputShape]);
  col2im(heapF32(backend, cols), info, heapF32(backend, dx));
  free(backend, cols);
  return dx;
}

/** out [cols, rows] = a [rows, cols]ᵀ. */
function transpose2d(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
}
