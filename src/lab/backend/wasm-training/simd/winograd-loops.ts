import { op, type Bytes, type FunctionDef } from './assembler';

/**
 * The tile transforms of Winograd's minimal filtering F(2×2, 3×3) and F(4×4, 3×3) (Lavin & Gray, "Fast
 * Algorithms for Convolutional Neural Networks", 2016), over NHWC channels four at a time:
 * out = L · D · Lᵀ for every channel, D an n×n grid of channel vectors and L a constant m×n
 * matrix (Bᵀ, G, Aᵀ, A or Gᵀ below), unrolled with its coefficients as constants.
 *
 * {name}(src, srcRow, srcCol, dst, dstRow, dstCol, count, srcStep, dstStep, cb[, bias]):
 * for `count` tiles, D[i][k] is the cb-byte channel vector at src + i·srcRow + k·srcCol and
 * out[i][k] (+ bias, where the loop takes one) goes to dst + i·dstRow + k·dstCol; then src
 * and dst move on by srcStep and dstStep. Bytes throughout; cb a multiple of 16, count ≥ 1.
 */

type Matrix = readonly (readonly number[])[];

/** Bᵀ: a 4×4 input tile into the Winograd domain. */
const WINOGRAD_BT: Matrix = [
  [1, 0, -1, 0],
  [0, 1, 1, 0],
  [0, -1, 1, 0],
  [0, 1, 0, -1],
];
/** G: a 3×3 filter into the Winograd domain. */
const WINOGRAD_G: Matrix = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
];
/** Aᵀ: a 4×4 product back to a 2×2 output tile. */
const WINOGRAD_AT: Matrix = [
  [1, 1, 1, 0],
  [0, 1, -1, -1],
];

/** F(4×4, 3×3)'s Bᵀ, G and Aᵀ (interpolation points 0, ±1, ±2 and ∞; Lavin & Gray, section 4.2). */
const WINOGRAD4_BT: Matrix = [
  [4, 0, -5, 0, 1, 0],
  [0, -4, -4, 1, 1, 0],
  [0, 4, -4, -1, 1, 0],
  [0, -2, -1, 2, 1, 0],
  [0, 2, -1, -2, 1, 0],
  [0, 4, 0, -5, 0, 1],
];
const WINOGRAD4_G: Matrix = [
  [1 / 4, 0, 0],
  [-1 / 6, -1 / 6, -1 / 6],
  [-1 / 6, 1 / 6, -1 / 6],
  [1 / 24, 1 / 12, 1 / 6],
  [1 / 24, -1 / 12, 1 / 6],
  [0, 0, 1],
];
const WINOGRAD4_AT: Matrix = [
  [1, 1, 1, 1, 1, 0],
  [0, 1, -1, 2, -2, 0],
  [0, 1, 1, 4, 4, 0],
  [0, 1, -1, 8, -8, 1],
];

const transpose = (m: Matrix): Matrix => m[0].map((_, j) => m.map((row) => row[j]));

const { get, set, tee, i32, add, mul, loop, end, brIf, load, store } = op;

/** Σ coefficient·term over the non-zero coefficients, onto the stack (`term(j)` pushes term j). */
function combination(coefficients: readonly number[], term: (j: number) => Bytes[]): Bytes[] {
  const live = coefficients.map((c, j) => [c, j] as const).filter(([c]) => c !== 0);
  // Start from a positive term where there is one, so no negation is needed.
  live.sort(([a], [b]) => Number(b > 0) - Number(a > 0));
  const code: Bytes[] = [];
  live.forEach(([c, j], i) => {
    code.push(...term(j));
    if (Math.abs(c) !== 1) code.push(op.f32x4(Math.abs(c)), op.fmul);
    if (i === 0 && c < 0) code.push(op.f32x4(-1), op.fmul);
    if (i > 0) code.push(c > 0 ? op.fadd : op.fsub);
  });
  if (code.length === 0) code.push(op.f32x4(0));
  return code;
}

function transform(name: string, l: Matrix, withBias: boolean): FunctionDef {
  const [m, n] = [l.length, l[0].length];
  const [src, srcRow, srcCol, dst, dstRow, dstCol, count, srcStep, dstStep, cb] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
  ];
  const params = withBias ? 11 : 10;
  const bias = 10;
  // i32 locals: j, n source and m destination row pointers, n source and m destination column offsets.
  const j = params;
  const srcRowAt = (i: number) => params + 1 + i;
  const dstRowAt = (i: number) => params + 1 + n + i;
  const srcColOff = (k: number) => params + 1 + n + m + k;
  const dstColOff = (k: number) => params + 1 + 2 * n + m + k;
  const i32Locals = 1 + 2 * n + 2 * m;
  // v128 locals: D (n × n), then L·D (m × n).
  const d = (i: number, k: number) => params + i32Locals + i * n + k;
  const ld = (i: number, k: number) => params + i32Locals + n * n + i * n + k;
  const body: Bytes[] = [];
  for (let k = 0; k < n; k++) body.push(get(srcCol), i32(k), mul, set(srcColOff(k)));
  for (let k = 0; k < m; k++) body.push(get(dstCol), i32(k), mul, set(dstColOff(k)));
  body.push(loop); // tiles
  for (let i = 0; i < n; i++) body.push(get(src), get(srcRow), i32(i), mul, add, set(srcRowAt(i)));
  for (let i = 0; i < m; i++) body.push(get(dst), get(dstRow), i32(i), mul, add, set(dstRowAt(i)));
  body.push(i32(0), set(j), loop); // channel vectors
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++)
      body.push(get(srcRowAt(i)), get(srcColOff(k)), add, get(j), add, load(), set(d(i, k)));
  // L·D, column by column of D.
  for (let i = 0; i < m; i++)
    for (let k = 0; k < n; k++) body.push(...combination(l[i], (r) => [get(d(r, k))]), set(ld(i, k)));
  // (L·D)·Lᵀ, stored as it is computed.
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      body.push(get(dstRowAt(i)), get(dstColOff(k)), add, get(j), add);
      body.push(...combination(l[k], (c) => [get(ld(i, c))]));
      if (withBias) body.push(get(bias), get(j), add, load(), op.fadd);
      body.push(store());
    }
  }
  body.push(get(j), i32(16), add, tee(j), get(cb), op.ltU, brIf(0), end);
  body.push(get(src), get(srcStep), add, set(src));
  body.push(get(dst), get(dstStep), add, set(dst));
  body.push(get(count), i32(1), op.sub, tee(count), brIf(0), end);
  return { name, params, i32Locals, v128Locals: n * n + m * n, body };
}

/**
 * One variant's five transforms, named `{kind}{suffix}`: input tiles → Bᵀ d B; 3×3 filters →
 * G g Gᵀ; products → Aᵀ m A + bias (the output tile); output-gradient tiles → A dy Aᵀ (the filter
 * gradient's second factor); Winograd-domain filter gradients → Gᵀ s G (the 3×3 filter gradient).
 */
function variantLoops(suffix: string, bt: Matrix, g: Matrix, at: Matrix): FunctionDef[] {
  return [
    transform(`winogradInput${suffix}`, bt, false),
    transform(`winogradFilter${suffix}`, g, false),
    transform(`winogradOutput${suffix}`, at, true),
    transform(`winogradOutputGrad${suffix}`, transpose(at), false),
    transform(`winogradFilterGrad${suffix}`, transpose(g), false),
  ];
}

/** F(2×2, 3×3)'s transforms (no suffix) and F(4×4, 3×3)'s (suffix 4). */
export const winogradLoops: FunctionDef[] = [
  ...variantLoops('', WINOGRAD_BT, WINOGRAD_G, WINOGRAD_AT),
  ...variantLoops('4', WINOGRAD4_BT, WINOGRAD4_G, WINOGRAD4_AT),
];
