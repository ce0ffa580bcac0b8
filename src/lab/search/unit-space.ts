/**
 * Each numeric distribution mapped to [0, 1] (logarithmically where `log`), the space the
 * surrogate, the local search and the random draws work in. Random draws follow Optuna's
 * RandomSampler (`_SearchSpaceTransform`): uniform over the transformed bounds, with ints and
 * stepped floats widened by half a step and rounded back onto the grid.
 */
import type { Distribution, FloatDistribution, IntDistribution, ParamValue } from './distributions';
import type { Rng } from '../util/rng';

type Numeric = FloatDistribution | IntDistribution;

function bounds(d: Numeric): [number, number] {
  const half = d.type === 'int' ? 0.5 * d.step : d.step === null ? 0 : 0.5 * d.step;
  if (d.log) return [Math.log(d.low - half), Math.log(d.high + half)];
  return [d.low - half, d.high + half];
}

/** Puts a transformed coordinate back on the distribution's grid, inside its range. */
function untransform(d: Numeric, t: number): number {
  let v = d.log ? Math.exp(t) : t;
  if (d.type === 'int') v = d.low + Math.round((v - d.low) / d.step) * d.step;
  else if (d.step !== null) v = d.low + Math.round((v - d.low) / d.step) * d.step;
  return Math.min(d.high, Math.max(d.low, v));
}

/** Position of a numeric value in [0, 1] (0.5 for a single-valued range). */
export function toUnit(d: Numeric, value: number): number {
  const [lo, hi] = bounds(d);
  if (hi === lo) return 0.5;
  const t = d.log ? Math.log(value) : value;
  return Math.min(1, Math.max(0, (t - lo) / (hi - lo)));
}

export function fromUnit(d: Numeric, u: number): number {
  const [lo, hi] = bounds(d);
  return untransform(d, lo + Math.min(1, Math.max(0, u)) * (hi - lo));
}

/** One random value, as Optuna's RandomSampler draws it. */
export function drawRandom(d: Distribution, rng: Rng): ParamValue {
  if (d.type === 'categorical') return d.choices[rng.int(d.choices.length)];
  const [lo, hi] = bounds(d);
  return untransform(d, lo + rng.next() * (hi - lo));
}
