import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_CONSTANTS, adamLoopName, SGD_CONSTANTS, sgdLoopName } from './simd/optimizer-loops';
import { addressOf, allocF32, free, input, loopsOf, memoryF32 } from './wasm-heap';

/**
 * The lab's `LabSgdStep` and `LabAdamStep` (`lab-kernels.ts`) on wasm: a variable's whole update in one pass
 * (`simd/optimizer-loops.ts`) instead of 5–11 tfjs ops, each a kernel call with its own output.
 * The last n mod 4 floats (and everything without WebAssembly SIMD) run in JS with one float32
 * rounding per operation, so every value equals the composed ops' bit for bit.
 */

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs: tf.NamedAttrMap };

export interface SgdStepAttrs {
  lr: number;
  momentum: number;
  /** 0: no decay for this variable. */
  weightDecay: number;
}

export interface AdamStepAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ at this step. */
  correction1: number;
  correction2: number;
  weightDecay: number;
  decay: 'none' | 'l2' | 'decoupled';
}

const f = Math.fround;

/** w, g[, buf] → w'[, buf'] (buf with momentum > 0). */
export function sgdStepWasm({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { lr, momentum, weightDecay } = attrs as unknown as SgdStepAttrs;
  const [w, g] = [input(inputs, 'w'), input(inputs, 'g')];
  const buf = momentum > 0 ? input(inputs, 'buf') : null;
  const outs = [w, ...(buf ? [buf] : [])].map((t) => allocF32(backend, [...t.shape]));
  const constants = [lr, momentum, weightDecay];
  const decay = weightDecay > 0;
  const done = runSimd(
    backend,
    sgdLoopName(decay, buf !== null),
    [w, g, buf, null],
    outs,
    constants,
    SGD_CONSTANTS,
  );
  const heap = memoryF32(backend);
  const [wi, gi, bi, wo, bo] = [w, g, buf, ...outs].map((t) => (t ? addressOf(backend, t) >> 2 : 0));
  const [rate, mu, lambda] = constants.map(f);
  for (let i = done; i < size(w); i++) {
    const d = decay ? f(heap[gi + i] + f(heap[wi + i] * lambda)) : heap[gi + i];
    if (buf) {
      const next = f(f(heap[bi + i] * mu) + d);
      heap[bo + i] = next;
      heap[wo + i] = f(heap[wi + i] - f(next * rate));
    } else {
      heap[wo + i] = f(heap[wi + i] - f(d * rate));
    }
  }
  return outs;
}

/** w, g, m, v → w', m', v'. */
export function adamStepWasm({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const a = attrs as unknown as AdamStepAttrs;
  const [w, g, m, v] = ['w', 'g', 'm', 'v'].map((name) => input(inputs, name));
  const outs = [w, m, v].map((t) => allocF32(backend, [...t.shape]));
  const constants = [
    a.lr,
    a.beta1,
    1 - a.beta1,
    a.beta2,
    1 - a.beta2,
    a.correction1,
    a.correction2,
    a.epsilon,
    a.weightDecay,
    1 - a.lr * a.weightDecay,
  ];
  const done = runSimd(backend, adamLoopName(a.decay), [w, g, m, v], outs, constants, ADAM_CONSTANTS);
  const heap = memoryF32(backend);
  const [wi, gi, mi, vi, wo, mo, vo] = [w, g, m, v, ...outs].map((t) => addressOf(backend, t) >> 2);
  const [rate, b1, nb1, b2, nb2, c1, c2, eps, lambda, keep] = constants.map(f);
  for (let i = done; i < size(w); i++) {
    const grad = a.decay === 'l2' ? f(heap[gi + i] + f(heap[wi + i] * lambda)) : heap[gi + i];
    const m1 = f(f(heap[mi + i] * b1) + f(grad * nb1));
    const v1 = f(f(heap[vi + i] * b2) + f(f(grad * grad) * nb2));
    const update = f(f(m1 / c1) / f(f(Math.sqrt(f(v1 / c2))) + eps));
    const base = a.decay === 'decoupled' ? f(heap[wi + i] * keep) : heap[wi + i];
    heap[mo + i] = m1;
    heap[vo + i] = v1;
    heap[wo + i] = f(base - f(update * rate));
  }
  return outs;
}

const size = (t: tf.TensorInfo) => tf.util.sizeFromShape(t.shape);

/** Runs the SIMD loop over the first multiple of 4 floats; returns how many it did (0 without SIMD). */
function runSimd(
  backend: BackendWasm,
  name: string,
  ins: (tf.TensorInfo | null)[],
  outs: tf.TensorInfo[],
  constants: number[],
  count: number,
): number {
  const loops = loopsOf(backend);
  const n = size(ins[0]!);
  const vectors = n - (n % 4);
  if (!loops || vectors === 0) return 0;
  const scratch = allocF32(backend, [count]);
  const at = addressOf(backend, scratch);
  memoryF32(backend).set(constants, at >> 2);
  const [w, g, s1, s2] = ins.map((t) => (t ? addressOf(backend, t) : 0));
  const [wOut, s1Out, s2Out] = [0, 1, 2].map((i) => (outs[i] ? addressOf(backend, outs[i]) : 0));
  loops.optimizerLoop(name)(w, g, s1, s2, wOut, s1Out, s2Out, at, 4 * vectors);
  free(backend, scratch);
  return vectors;
}
