import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input } from './wasm-heap';

/**
 * Tile when it only repeats the whole input: every axis before some axis j has size 1 in x, and
 * no axis from j on is repeated (e.g. [1, 1, 1, C] → [N, H, W, C], how gradients broadcast
 * per-channel values). The output is then x's data R = Π reps times over, written by doubling
 * memmoves (~memcpy speed); tfjs-backend-wasm 4.22's Tile indexes every element (~40 ns each).
 * Any other tiling goes to the shipped kernel.
 */
export function wrapTile(shipped: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: tf.NamedTensorInfoMap;
    backend: BackendWasm;
    attrs: tf.NamedAttrMap;
  }) => {
    const x = input(args.inputs, 'x');
    const { reps } = args.attrs as unknown as tf.TileAttrs;
    if (x.dtype === 'string' || !repeatsWhole(x.shape, reps)) return shipped.kernelFunc(args);
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

/** True when tiling `shape` by `reps` repeats the whole input (see wrapTile). */
export function repeatsWhole(shape: number[], reps: number[]): boolean {
  if (reps.length !== shape.length) return false;
  let j = 0;
  while (j < shape.length && shape[j] === 1) j++;
  for (let i = j; i < reps.length; i++) if (reps[i] !== 1) return false;
  return true;
}
