import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { LAB_DROPOUT } from '../lab-kernels';
import { addressOf, allocF32, input, loopsOf, memoryF32 } from './wasm-heap';

/**
 * Dropout's mask and product in one SIMD pass (`simd/dropout-loops.ts`; the last n mod 4 in JS). tf.dropout draws its uniforms with
 * seedrandom's alea in JS, one call an element, then runs Add, Floor, Div and Mul: ~7 ms of the
 * expression CNN's ~35 ms step at 32 px (2026-12-04). Here each element's draw is a hash of
 * (seed, index), so a mask depends only on the seed and the shape, as a counter-based generator.
 */

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs: tf.NamedAttrMap };

export interface DropoutAttrs {
  rate: number;
  /** Any 32-bit integer. */
  seed: number;
}

/** The 24-bit draw of element `i` under `seed` (murmur3's finaliser of a Weyl sequence). */
export function dropoutDraw(seed: number, i: number): number {
  let h = (Math.imul(i, 0x9e3779b9) ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 8;
}

/** {@link LAB_DROPOUT}: x → y = x · mask and the mask, where element i is kept iff its draw ≥ rate · 2²⁴. */
export function dropoutWasm({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { rate, seed } = attrs as unknown as DropoutAttrs;
  const x = input(inputs, 'x');
  const [y, mask] = [allocF32(backend, [...x.shape]), allocF32(backend, [...x.shape])];
  const threshold = Math.round(rate * 2 ** 24);
  const scale = Math.fround(1 / (1 - rate));
  const s = seed | 0;
  const n = tf.util.sizeFromShape(x.shape);
  const loops = loopsOf(backend);
  const vectors = loops ? n - (n % 4) : 0;
  const [xAt, yAt, mAt] = [x, y, mask].map((t) => addressOf(backend, t));
  const scaleBits = new Int32Array(new Float32Array([scale]).buffer)[0];
  if (loops && vectors > 0) loops.dropout(xAt, yAt, mAt, 4 * vectors, s, threshold, scaleBits, 0);
  const heap = memoryF32(backend);
  const [xi, yi, mi] = [xAt, yAt, mAt].map((a) => a >> 2);
  for (let i = vectors; i < n; i++) {
    const keep = dropoutDraw(s, i) >= threshold ? scale : 0;
    heap[mi + i] = keep;
    heap[yi + i] = heap[xi + i] * keep;
  }
  return [y, mask];
}

/** dx = dy · mask. */
export const dropoutGradConfig: tf.GradConfig = {
  kernelName: LAB_DROPOUT,
  outputsToSave: [false, true],
  gradFunc: (dys, saved) => {
    const [dy] = dys as tf.Tensor[];
    const [mask] = saved;
    return { x: () => tf.mul(dy, mask) };
  },
};
