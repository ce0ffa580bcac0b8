import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dInfo } from './conv-info';
import { im2colTransposed } from './im2col';
import { allocF32, free, heapF32, input, matMul2d, runWasmKernel, viewAs, zerosF32 } from './wasm-heap';

/**
 * Conv2DBackpropFilter for wasm (absent from tfjs-backend-wasm 4.22):
 * dW [K, Cout] = patchesᵀ [K, M] × dy [M, Cout], with the patches written once straight
 * into the wasm heap (from a channel-major copy of x, so the writes and reads both stream)
 * and ONE matMul on the backend's XNNPACK path (~20 GFLOP/s on the lab's shapes).
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
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const m = info.batchSize * info.outHeight * info.outWidth;
  if (m === 0) return zerosF32(backend, [...attrs.filterShape]);
  // x → [cin, n, h, w] on the backend's own Transpose (a no-op copy-free view when cin = 1).
  const xT = info.inChannels === 1 ? x : runWasmKernel(backend, 'Transpose', { x }, { perm: [3, 0, 1, 2] });
  const patches = allocF32(backend, [k, m]);
  im2colTransposed(heapF32(backend, xT), info, heapF32(backend, patches));
  if (xT !== x) free(backend, xT);
  const dW = matMul2d(backend, patches, viewAs(dy, [m, info.outChannels]));
  free(backend, patches);
  dW.shape = [...attrs.filterShape];
  return dW;
}
