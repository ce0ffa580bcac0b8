import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { activeBackendHas, LAB_RELU_GRAD } from '../lab-kernels';
import { addressOf, allocF32, input, loopsOf, memoryF32 } from './wasm-heap';

/**
 * ReLU and its gradient in one SIMD pass each. tfjs-backend-wasm 4.22's Relu ran at ~5 ns a float
 * (0.5 ms for the DPN stem's 655k activations), and tfjs's gradient is dy · step(x): a Step and
 * a Multiply, two passes and an intermediate. The lab's gradient gives +0 where tfjs's gives
 * dy · 0 (−0 for negative dy); every other value is the same.
 */

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs: tf.NamedAttrMap };

/** Relu on the SIMD loop for float32 (the last n mod 4 in JS), else the shipped kernel. */
export function wrapRelu(shipped: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs) => {
    const x = input(args.inputs, 'x');
    const loops = x.dtype === 'float32' ? loopsOf(args.backend) : null;
    if (!loops) return shipped.kernelFunc(args);
    const out = allocF32(args.backend, [...x.shape]);
    const [xAt, outAt] = [x, out].map((t) => addressOf(args.backend, t));
    const n = tf.util.sizeFromShape(x.shape);
    const vectors = n - (n % 4);
    if (vectors > 0) loops.relu(xAt, outAt, 4 * vectors);
    const heap = memoryF32(args.backend);
    for (let i = vectors; i < n; i++) {
      const v = heap[(xAt >> 2) + i];
      heap[(outAt >> 2) + i] = v < 0 ? 0 : v;
    }
    return out;
  };
  return { ...shipped, kernelFunc: kernelFunc as tf.KernelFunc };
}

/** {@link LAB_RELU_GRAD}: dy, x → dx = dy where x > 0, else 0. */
export function reluGradWasm({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const [dy, x] = [input(inputs, 'dy'), input(inputs, 'x')];
  const dx = allocF32(backend, [...x.shape]);
  const [dyAt, xAt, dxAt] = [dy, x, dx].map((t) => addressOf(backend, t));
  const n = tf.util.sizeFromShape(x.shape);
  const loops = loopsOf(backend);
  const vectors = loops ? n - (n % 4) : 0;
  if (loops && vectors > 0) loops.reluGrad(dyAt, xAt, dxAt, 4 * vectors);
  const heap = memoryF32(backend);
  for (let i = vectors; i < n; i++)
    heap[(dxAt >> 2) + i] = heap[(xAt >> 2) + i] > 0 ? heap[(dyAt >> 2) + i] : 0;
  return dx;
}

const shippedReluGrad = tf.getGradient('Relu');

/** Relu's gradient: the lab's kernel where the backend has it (wasm), else tfjs's own. */
export const reluGradConfig: tf.GradConfig = {
  kernelName: 'Relu',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    if (!activeBackendHas(LAB_RELU_GRAD) || x.dtype !== 'float32')
      return shippedReluGrad.gradFunc(dy, saved, attrs);
    return { x: () => tf.engine().runKernel(LAB_RELU_GRAD, { dy: dy as tf.Tensor, x }) as tf.Tensor };
  },
};
