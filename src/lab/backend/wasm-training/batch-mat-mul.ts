import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { free, input, runWasmKernel } from './wasm-heap';

/**
 * BatchMatMul with transposeA or transposeB (dense-layer gradients): the transposed operand is
 * first transposed on the backend's Transpose, then the shipped kernel runs untransposed
 * (XNNPACK). tfjs-backend-wasm 4.22 takes a slower path for transposed operands: ~1.5 ms for the
 * DPN's 64 × 194 × 128 embedding gradient, ~0.3 ms untransposed (plus a few µs to transpose).
 */
export function wrapBatchMatMul(shipped: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: tf.NamedTensorInfoMap;
    backend: BackendWasm;
    attrs: tf.NamedAttrMap;
  }) => {
    const a = input(args.inputs, 'a');
    const b = input(args.inputs, 'b');
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2)
      return shipped.kernelFunc(args);
    const { backend } = args;
    const swapLast = (t: tf.TensorInfo) => {
      const perm = t.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
      return runWasmKernel(backend, 'Transpose', { x: t }, { perm });
    };
    const at = transposeA ? swapLast(a) : a;
    const bt = transposeB ? swapLast(b) : b;
    const out = shipped.kernelFunc({
      inputs: { a: at, b: bt },
      backend,
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    });
    if (at !== a) free(backend, at);
    if (bt !== b) free(backend, bt);
    return out;
  };
  return { ...shipped, kernelFunc: kernelFunc as tf.KernelFunc };
}
