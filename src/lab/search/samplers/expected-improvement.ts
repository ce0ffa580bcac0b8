/**
 * Expected improvement for minimisation, as SMAC3's `EI` (xi = 0 in its HPO facade):
 * EI = (η − μ − ξ)·Φ(z) + σ·φ(z) with z = (η − μ − ξ)/σ, and 0 where σ = 0.
 */

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough to rank candidates. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-ax * ax));
}

export const normalCdf = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));
export const normalPdf = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

export function expectedImprovement(mean: number, variance: number, eta: number, xi = 0): number {
  const s = Math.sqrt(variance);
  if (!(s > 0)) return 0;
  const improvement = eta - mean - xi;
  const z = improvement / s;
  return Math.max(0, improvement * normalCdf(z) + s * normalPdf(z));
}
