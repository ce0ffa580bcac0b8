import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  LAB_ADAM_STEP,
  LAB_BATCH_NORM_TRAIN,
  LAB_BATCH_NORM_TRAIN_GRAD,
  LAB_CONV2D_BIAS,
  LAB_DROPOUT,
  LAB_RELU_GRAD,
  LAB_SGD_STEP,
} from '../lab-kernels';
import { wrapBatchNormForward } from './batch-norm-forward';
import { wrapBatchMatMul } from './batch-mat-mul';
import { registerFastBatchNormGradient } from './batch-norm-gradient';
import { batchNormTrainGradConfig, batchNormTrainGradWasm, batchNormTrainWasm } from './batch-norm-train';
import { CHANNEL_DY_STATS, channelDyStatsWasm } from './channel-dot';
import { wrapChannelReduce } from './channel-reduce';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter';
import { conv2dBackpropInputWasm } from './conv2d-backprop-input';
import { conv2dBiasGradConfig, conv2dBiasWasm } from './conv2d-bias';
import { wrapConcat, wrapSplitV } from './concat-split';
import { depthwiseBackpropFilterWasm } from './depthwise-backprop-filter';
import { dropoutGradConfig, dropoutWasm } from './dropout';
import { depthwiseBackpropInputWasm } from './depthwise-backprop-input';
import { wrapDepthwiseForward } from './depthwise-forward';
import { wrapCast, wrapIdentity } from './identity';
import { maxPoolGradWasm } from './max-pool-grad';
import { adamStepWasm, sgdStepWasm } from './optimizer-steps';
import { registerFastReductionGradients } from './reduction-gradient';
import { reluGradConfig, reluGradWasm, wrapRelu } from './relu';
import { wrapTile } from './tile';
import { loopsOf } from './wasm-heap';

const kernel = (kernelName: string, kernelFunc: unknown): tf.KernelConfig => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: kernelFunc as tf.KernelFunc,
});

/**
 * Gradient kernels the lab's models need on wasm, each missing or slow in tfjs-backend-wasm 4.22,
 * and the lab's fused training kernels and optimiser steps.
 */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [
  kernel('Conv2DBackpropFilter', conv2dBackpropFilterWasm),
  kernel('Conv2DBackpropInput', conv2dBackpropInputWasm),
  kernel('DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilterWasm),
  kernel('DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInputWasm),
  kernel('MaxPoolGrad', maxPoolGradWasm),
  kernel(CHANNEL_DY_STATS, channelDyStatsWasm),
  kernel(LAB_BATCH_NORM_TRAIN, batchNormTrainWasm),
  kernel(LAB_BATCH_NORM_TRAIN_GRAD, batchNormTrainGradWasm),
  kernel(LAB_CONV2D_BIAS, conv2dBiasWasm),
  kernel(LAB_SGD_STEP, sgdStepWasm),
  kernel(LAB_ADAM_STEP, adamStepWasm),
  kernel(LAB_RELU_GRAD, reluGradWasm),
  kernel(LAB_DROPOUT, dropoutWasm),
];

/** Gradients of the lab's own kernels (the layers in `models/layers/` call them in training), and Relu's (one kernel where the backend has it). */
const LAB_GRADIENTS: readonly tf.GradConfig[] = [
  batchNormTrainGradConfig,
  conv2dBiasGradConfig,
  reluGradConfig,
  dropoutGradConfig,
];

/**
 * Shipped kernels given a fast path for the lab's cases (their other cases are unchanged):
 * per-channel reductions, the batch-norm forward pass, copy-free Identity / same-dtype Cast,
 * Tile when it repeats the whole input, Concat / SplitV as strided SIMD row copies, and depthwise
 * convolutions with a channel multiplier (the grouped conv) on SIMD tap runs, BatchMatMul with
 * transposed operands on its untransposed path, and float32 Relu as one SIMD pass.
 */
const WRAPPED: readonly [string, (shipped: tf.KernelConfig) => tf.KernelConfig][] = [
  ['Sum', (k) => wrapChannelReduce(k, false)],
  ['Mean', (k) => wrapChannelReduce(k, true)],
  ['FusedBatchNorm', wrapBatchNormForward],
  ['Identity', wrapIdentity],
  ['Cast', wrapCast],
  ['Tile', wrapTile],
  ['Concat', wrapConcat],
  ['SplitV', wrapSplitV],
  ['DepthwiseConv2dNative', wrapDepthwiseForward],
  ['BatchMatMul', wrapBatchMatMul],
  ['Relu', wrapRelu],
];
const wrappedKernels = new Set<tf.KernelFunc>();

/**
 * Makes the wasm backend able to train the lab's CNNs, fast: registers the kernels above
 * (replacing shipped ones), wraps the kernels in WRAPPED, and installs the tile-free batch-norm
 * gradient and the ones-free Sum / Mean gradients.
 * Idempotent; works before or after `tf.setBackend('wasm')`.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of WASM_TRAINING_KERNELS) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  for (const [name, wrap] of WRAPPED) {
    const shipped = tf.getKernel(name, 'wasm');
    if (!shipped || wrappedKernels.has(shipped.kernelFunc)) continue;
    const wrapped = wrap(shipped);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(wrapped);
    wrappedKernels.add(wrapped.kernelFunc);
  }
  for (const config of LAB_GRADIENTS)
    if (tf.getGradient(config.kernelName) !== config) tf.registerGradient(config);
  registerFastBatchNormGradient();
  registerFastReductionGradients();
}

/**
 * How the lab's wasm training kernels run in this engine, for the header: the hand-assembled
 * WebAssembly SIMD loops, or their JS fallbacks. Call with wasm as the active backend.
 */
export function describeWasmTrainingKernels(): string {
  const loops = loopsOf(tf.backend() as BackendWasm);
  if (!loops) return 'training kernels: JS loops (no WebAssembly SIMD)';
  return `training kernels: WebAssembly SIMD${loops.fma ? ' with relaxed multiply-add' : ''}`;
}
