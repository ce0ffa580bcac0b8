import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { configureWasm } from '../wasm';
import { registerWasmTrainingKernels } from './register';

/** Test support: run the same computation on two backends and compare. */

export async function readyBackends(): Promise<void> {
  configureWasm();
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
  await tf.setBackend('cpu');
}

/** Runs `fn` on `backend` and returns its outputs as plain arrays (all tensors disposed). */
export async function runOn(backend: 'cpu' | 'wasm', fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(fn);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

/** Deterministic uniform values in [-1, 1). */
export function randomValues(size: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: size }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Largest |a − b| relative to the largest |a| (float32 tolerance for accumulated sums). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}

/** A small pseudo-random integer in [lo, hi]. */
export function pick(lo: number, hi: number, seed: number): number {
  return lo + ((Math.imul(seed + 1, 2654435761) >>> 0) % (hi - lo + 1));
}
