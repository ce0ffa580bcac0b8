import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input } from './wasm-heap';

/**
 * Identity, and Cast to the same dtype, without a copy: the output shares the input's memory
 * (reference-counted, as the cpu backend and the wasm Reshape do). No wasm kernel writes into
 * its inputs, so sharing is safe. tfjs-layers and the gradient tape call these ~100 times per
 * training step of the reference CNN, each a full copy in tfjs-backend-wasm 4.22 (~9 ms a step).
 */
export function shareIdentity(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export function wrapIdentity(shipped: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: tf.NamedTensorInfoMap;
    backend: BackendWasm;
    attrs: tf.NamedAttrMap;
  }) => {
    const x = input(args.inputs, 'x');
    return x.dtype === 'string' ? shipped.kernelFunc(args) : shareIdentity(args.backend, x);
  };
  return { ...shipped, kernelFunc: kernelFunc as tf.KernelFunc };
}

export function wrapCast(shipped: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: tf.NamedTensorInfoMap;
    backend: BackendWasm;
    attrs: tf.NamedAttrMap;
  }) => {
    const x = input(args.inputs, 'x');
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    return x.dtype === dtype && dtype !== 'string'
      ? shareIdentity(args.backend, x)
      : shipped.kernelFunc(args);
  };
  return { ...shipped, kernelFunc: kernelFunc as tf.KernelFunc };
}
