import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, input, loopsOf } from './wasm-heap';

/**
 * Tile when it only repeats the whole input: every axis before some axis j has size 1 in x, and
 * no axis from j on is repeated (e.g. [1, 1, 1, C] → [N, H, W, C], how gradients broadcast
 * per-channel values). The output is then x's data R = Π reps times over, written by doubling
 * memmoves (~memcpy speed); tfjs-backend-wasm 4.22's Tile indexes every element (~40 ns each).
 * Repeats along middle axes run on SIMD row copies ({@link repeatRows}); any other tiling goes to
 * the shipped kernel.
 */
export function wrapTile(shipped: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: tf.NamedTensorInfoMap;
    backend: BackendWasm;
    attrs: tf.NamedAttrMap;
  }) => {
    const x = input(args.inputs, 'x');
    const { reps } = args.attrs as unknown as tf.TileAttrs;
    if (x.dtype === 'string') return shipped.kernelFunc(args);
    if (!repeatsWhole(x.shape, reps)) return repeatRows(args.backend, x, reps) ?? shipped.kernelFunc(args);
    const { backend } = args;
    const out = backend.makeOutput(
      x.shape.map((d, i) => d * reps[i]),
      x.dtype,
    );
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    if (src.length === 0) return out;
    dst.set(src);
    for (let filled = src.length; filled < dst.length; filled *= 2)
      dst.copyWithin(filled, 0, Math.min(filled, dst.length - filled));
    return out;
  };
  return { ...shipped, kernelFunc: kernelFunc as tf.KernelFunc };
}

/**
 * Tile along one run of axes of size 1 with axes on both sides, x viewed as [outer, 1, inner] →
 * [outer, K, inner] (the gradient of a sum over middle axes, see reduction-gradient.ts): K SIMD
 * row copies, each over every outer row. Null (the shipped kernel) for other tilings, 1- or
 * 2-byte dtypes, or without SIMD.
 */
function repeatRows(backend: BackendWasm, x: tf.TensorInfo, reps: number[]): tf.TensorInfo | null {
  const block = repeatedBlock(x.shape, reps);
  const loops = block && (x.dtype === 'float32' || x.dtype === 'int32') ? loopsOf(backend) : null;
  if (!block || !loops) return null;
  const [outer, k, inner] = block;
  const out = backend.makeOutput(
    x.shape.map((d, i) => d * reps[i]),
    x.dtype,
  );
  const [xAt, outAt] = [x, out].map((t) => addressOf(backend, t));
  if (outer * inner === 0) return out;
  for (let i = 0; i < k; i++)
    loops.copyRows(outAt + 4 * i * inner, 4 * k * inner, xAt, 4 * inner, outer, 4 * inner);
  return out;
}

/** [outer, K, inner] when `reps` repeats one run of size-1 axes of `shape` (see repeatRows), else null. */
export function repeatedBlock(shape: number[], reps: number[]): [number, number, number] | null {
  if (reps.length !== shape.length) return null;
  const axes = reps.flatMap((r, i) => (r !== 1 ? [i] : []));
  if (axes.length === 0 || axes.some((i) => shape[i] !== 1)) return null;
  const [first, last] = [axes[0], axes[axes.length - 1]];
  if (last - first + 1 !== axes.length) return null;
  const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
  return [size(shape.slice(0, first)), size(reps.slice(first, last + 1)), size(shape.slice(last + 1))];
}

/** True when tiling `shape` by `reps` repeats the whole input (see wrapTile). */
export function repeatsWhole(shape: number[], reps: number[]): boolean {
  if (reps.length !== shape.length) return false;
  let j = 0;
  while (j < shape.length && shape[j] === 1) j++;
  for (let i = j; i < reps.length; i++) if (reps[i] !== 1) return false;
  return true;
}
