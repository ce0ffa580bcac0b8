import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { channelSums } from './channel-passes';
import { middleAxisSum } from './middle-axis-sum';
import { allocF32, heapF32, input } from './wasm-heap';

/**
 * Sum and Mean over all leading axes (NHWC → C): the reductions of batch-norm statistics,
 * bias gradients and batch-norm gradients. The shipped wasm kernels first transpose the input
 * so the reduced axes are innermost; this walks the rows once, summing in float64 (~2× faster,
 * and faster than a ones-vector matMul, which pays for packing the input; SIMD when the channels
 * are a multiple of 4).
 * Sum and Mean over a run of middle axes (the grouped conv's sums, global average pooling's
 * [N, H, W, C] → [N, C]: 0.41 ms on the shipped kernel for the reference CNN's [64, 8, 8, 64]) have
 * their own SIMD path (`middle-axis-sum.ts`).
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
    if (x.dtype !== 'float32') return shipped.kernelFunc(args);
    if (!reducesLeadingAxes(x.shape, axis)) {
      const block = middleBlock(x.shape, axis);
      const summed = block && middleAxisSum(args.backend, x, ...block, reducedShape(x.shape, axis, keepDims));
      if (!summed) return shipped.kernelFunc(args);
      if (mean) divideAll(heapF32(args.backend, summed), block[1]);
      return summed;
    }
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

/**
 * [outer, K, C] when `axis` names one run of consecutive axes that has axes on both sides (a
 * sum over it is {@link middleAxisSum}'s), else null.
 */
export function middleBlock(shape: number[], axis: number | number[]): [number, number, number] | null {
  const axes = [...tf.util.parseAxisParam(axis, shape)].sort((a, b) => a - b);
  if (axes.length === 0) return null;
  const [first, last] = [axes[0], axes[axes.length - 1]];
  if (first === 0 || last === shape.length - 1 || last - first + 1 !== axes.length) return null;
  const size = (from: number, to: number) => tf.util.sizeFromShape(shape.slice(from, to));
  return [size(0, first), size(first, last + 1), size(last + 1, shape.length)];
}

function divideAll(values: Float32Array, by: number): void {
  for (let i = 0; i < values.length; i++) values[i] /= by;
}

/** The shape of a reduction's output. */
function reducedShape(shape: number[], axis: number | number[], keepDims: boolean): number[] {
  const axes = new Set(tf.util.parseAxisParam(axis, shape));
  return keepDims ? shape.map((d, i) => (axes.has(i) ? 1 : d)) : shape.filter((_, i) => !axes.has(i));
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
