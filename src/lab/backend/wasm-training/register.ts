import * as tf from '@tensorflow/tfjs';
import { registerFastBatchNormGradient } from './batch-norm-gradient';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter';
import { conv2dBackpropInputWasm } from './conv2d-backprop-input';
import { depthwiseBackpropFilterWasm } from './depthwise-backprop-filter';
import { depthwiseBackpropInputWasm } from './depthwise-backprop-input';

/** The gradient kernels the lab's models need on wasm, each missing or slow in tfjs-backend-wasm 4.22. */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilterWasm as tf.KernelFunc },
  { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2dBackpropInputWasm as tf.KernelFunc },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName: 'wasm',
    kernelFunc: depthwiseBackpropFilterWasm as tf.KernelFunc,
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: depthwiseBackpropInputWasm as tf.KernelFunc,
  },
];

/**
 * Makes the wasm backend able to train the lab's CNNs, fast: registers the kernels above
 * (replacing the shipped ones where they exist) and the tile-free batch-norm gradient.
 * Idempotent; call it before or after `tf.setBackend('wasm')`.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of WASM_TRAINING_KERNELS) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  registerFastBatchNormGradient();
}
