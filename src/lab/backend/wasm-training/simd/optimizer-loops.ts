import { op, type Bytes, type FunctionDef } from './assembler';

/**
 * Optimiser updates as one SIMD pass per variable (the lab's SGD and Adam, `train/optimizers/`),
 * 4 floats a vector, bytes a multiple of 16 (the caller does the rest). Every loop has the
 * signature (w, g, s1, s2, wOut, s1Out, s2Out, consts, bytes): the weights, the gradient, two
 * slots (momentum, or Adam's m and v), where their new values go, and float32 constants at
 * `consts`. Each step multiplies and adds as the tfjs ops do, one rounding each (no fused
 * multiply-add), so the result equals the composed ops' bit for bit.
 */

const { get, set, tee, i32, add, ltU, loop, end, brIf, load, store, loadSplat32 } = op;
const [w, g, s1, s2, wOut, s1Out, s2Out, consts, bytes, j] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const at = (base: number): Bytes => [...get(base), ...get(j), ...add];
const constant = (index: number): Bytes => [...get(consts), ...loadSplat32(4 * index)];

const loopOver = (name: string, body: Bytes[], v128Locals: number): FunctionDef => ({
  name,
  params: 9,
  i32Locals: 1,
  v128Locals,
  body: [
    i32(0), set(j),
    loop,
    ...body,
    get(j), i32(16), add, tee(j), get(bytes), ltU, brIf(0),
    end,
  ], // prettier-ignore
});

/** SGD's constants: lr, momentum, weight decay. */
export const SGD_CONSTANTS = 3;

/** The SGD loop's export name for its two switches. */
export const sgdLoopName = (decay: boolean, momentum: boolean) =>
  `sgd${decay ? 'Decay' : ''}${momentum ? 'Momentum' : ''}`;

/**
 * PyTorch's SGD: d = g + w·λ (decay), buf' = buf·μ + d, w' = w − buf'·lr (momentum), else
 * w' = w − d·lr.
 */
function sgdLoop(decay: boolean, momentum: boolean): FunctionDef {
  const d = 10;
  const direction: Bytes[] = decay
    ? [at(g), load(), at(w), load(), constant(2), op.fmul, op.fadd, set(d)]
    : [at(g), load(), set(d)];
  const step: Bytes[] = momentum
    ? [
        at(s1Out), at(s1), load(), constant(1), op.fmul, get(d), op.fadd, tee(d), store(),
        at(wOut), at(w), load(), get(d), constant(0), op.fmul, op.fsub, store(),
      ]
    : [at(wOut), at(w), load(), get(d), constant(0), op.fmul, op.fsub, store()]; // prettier-ignore
  return loopOver(sgdLoopName(decay, momentum), [...direction, ...step], 1);
}

/** Adam's constants: lr, β₁, 1 − β₁, β₂, 1 − β₂, 1 − β₁ᵗ, 1 − β₂ᵗ, ε, λ, 1 − lr·λ. */
export const ADAM_CONSTANTS = 10;

/** The Adam loop's export name: plain, L2 decay (Adam's), or decoupled decay (AdamW's). */
export const adamLoopName = (decay: 'none' | 'l2' | 'decoupled') =>
  `adam${decay === 'none' ? '' : decay === 'l2' ? 'L2' : 'Decoupled'}`;

/**
 * PyTorch's Adam: g (+ w·λ for L2), m' = m·β₁ + g·(1 − β₁), v' = v·β₂ + g²·(1 − β₂),
 * u = (m' / (1 − β₁ᵗ)) / (√(v' / (1 − β₂ᵗ)) + ε), w' = w (· (1 − lr·λ) decoupled) − u·lr.
 */
function adamLoop(decay: 'none' | 'l2' | 'decoupled'): FunctionDef {
  const [grad, m, v] = [10, 11, 12];
  return loopOver(
    adamLoopName(decay),
    [
      at(g), load(),
      ...(decay === 'l2' ? [at(w), load(), constant(8), op.fmul, op.fadd] : []),
      set(grad),
      at(s1Out), at(s1), load(), constant(1), op.fmul, get(grad), constant(2), op.fmul, op.fadd, tee(m), store(),
      at(s2Out), at(s2), load(), constant(3), op.fmul,
      get(grad), get(grad), op.fmul, constant(4), op.fmul, op.fadd, tee(v), store(),
      at(wOut),
      at(w), load(), ...(decay === 'decoupled' ? [constant(9), op.fmul] : []),
      get(m), constant(5), op.fdiv,
      get(v), constant(6), op.fdiv, op.fsqrt, constant(7), op.fadd,
      op.fdiv, constant(0), op.fmul, op.fsub,
      store(),
    ], // prettier-ignore
    3,
  );
}

/** Every optimiser loop the module exports. */
export const optimizerLoops = (): FunctionDef[] => [
  ...[false, true].flatMap((decay) => [false, true].map((momentum) => sgdLoop(decay, momentum))),
  ...(['none', 'l2', 'decoupled'] as const).map(adamLoop),
];
