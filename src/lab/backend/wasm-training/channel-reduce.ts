import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { channelSums } from './channel-passes';
import { allocF32, heapF32, input } from './wasm-heap';

/**
 * Sum and Mean over all leading axes (NHWC → C): the reductions of batch-norm statistics,
 * bias gradients and batch-norm gradients. The shipped wasm kernels first transpose the input
 * so the reduced axes are innermost; this walks the rows once, summing in float64 (~2× faster,
 * and faster than a ones-vector matMul, which pays for packing the input; SIMD when the channels
 * are a multiple of 4).
 * Any other reduction goes to the shipped kernel.
 */
export function wrapChannelReduce(shipped: tf.KernelConfig, mean: boolean): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: tf.NamedTensorInfoMap;
    backend: BackendWasm;
    attrs: tf.NamedAttrMap;
  }) => {
    const x = input(args.inputs, 'x');
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    if (x.dtype !== 'float32' || !reducesLeadingAxes(x.shape, axis)) return shipped.kernelFunc(args);
    const channels = x.shape[x.shape.length - 1];
    const rows = tf.util.sizeFromShape(x.shape) / channels;
    const totals = channelSums(args.backend, x, channels);
    if (mean) for (let c = 0; c < channels; c++) totals[c] /= rows;
    const out = allocF32(
      args.backend,
      keepDims ? x.shape.map((d, i) => (i === x.shape.length - 1 ? d : 1)) : [channels],
    );
    heapF32(args.backend, out).set(totals);
    return out;
  };
  return { ...shipped, kernelFunc: kernelFunc as tf.KernelFunc };
}

/** True when `axis` names exactly the axes before the last (and there is more than one axis). */
export function reducesLeadingAxes(shape: number[], axis: number | number[]): boolean {
  const rank = shape.length;
  if (rank < 2) return false;
  const axes = tf.util.parseAxisParam(axis, shape);
  if (axes.length !== rank - 1) return false;
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((a, i) => a === i);
}
