/**
 * Exact binomial and multinomial samplers driven by the lab's seeded Rng.
 *
 * binomial(n, p): with p folded to ≤ 0.5, exact inversion (sequential search over the pmf,
 * O(np)) when np < 10, otherwise Hörmann's BTRS transformed rejection with squeeze
 * (Hörmann 1993, the sampler of TensorFlow's random_binomial), which is exact and O(1)
 * expected time for any n. multinomial: a chain of conditional binomials.
 */
import type { Rng } from '../util/rng';

const TABLE_SIZE = 1024;
const LOG_FACTORIAL = (() => {
  const table = new Float64Array(TABLE_SIZE);
  for (let k = 2; k < TABLE_SIZE; k++) table[k] = table[k - 1] + Math.log(k);
  return table;
})();

/** ln(k!): a table below 1024, Stirling's series above (error < 1e-15 there). */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return LOG_FACTORIAL[k];
  const inv = 1 / k;
  const inv2 = inv * inv;
  return (
    k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260))
  );
}

function inversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const r0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let u = rng.next();
    let r = r0;
    let x = 0;
    while (u > r && x <= n && r > 0) {
      u -= r;
      x++;
      r *= a / x - s;
    }
    if (x <= n && r > 0) return x;
    // Rounding ran the search off the end: draw again (happens with probability ~1e-16).
  }
}

function btrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = rng.next() - 0.5;
    let v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/** One Binomial(n, p) draw; n a non-negative integer. */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  return n * p < 10 ? inversion(rng, n, p) : btrs(rng, n, p);
}

/**
 * Multinomial(n, weights / Σweights) into `out` (same length as weights), as conditional
 * binomials: x_i ~ Binomial(n − Σ_{j<i} x_j, w_i / Σ_{j≥i} w_j).
 */
export function multinomial(
  rng: Rng,
  n: number,
  weights: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  let mass = 0;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    mass += weights[i];
    if (weights[i] > 0) last = i;
  }
  let left = n;
  for (let i = 0; i < weights.length; i++) {
    if (left === 0 || weights[i] <= 0) {
      out[i] = 0;
      continue;
    }
    // The last positive cell takes the remainder, so rounding never strands draws.
    const x = i === last ? left : binomial(rng, left, Math.min(1, weights[i] / mass));
    out[i] = x;
    left -= x;
    mass -= weights[i];
  }
  return out;
}
