/**
 * ParEGO's scalarisation as SMAC3 computes it (`smac/multi_objective/parego.py`,
 * `smac/utils/multi_objective.py`; Knowles 2006): objectives min-max normalised over the
 * observations so far (a column with a range under 1e-10 normalises to 1), a weight vector θ
 * drawn uniformly and divided by its sum (+1e-10) at every refit of the surrogate, and the
 * augmented Chebyshev cost max(θ·f) + ρ·Σ(θ·f) with ρ = 0.05.
 */
import type { Rng } from '../../util/rng';

export const PAREGO_RHO = 0.05;

export interface ObjectiveBounds {
  min: number[];
  max: number[];
}

export function objectiveBounds(values: readonly (readonly number[])[]): ObjectiveBounds {
  if (values.length === 0) throw new Error('objective bounds need at least one observation');
  const m = values[0].length;
  const min = new Array<number>(m).fill(Infinity);
  const max = new Array<number>(m).fill(-Infinity);
  for (const v of values)
    for (let k = 0; k < m; k++) {
      min[k] = Math.min(min[k], v[k]);
      max[k] = Math.max(max[k], v[k]);
    }
  return { min, max };
}

/** SMAC's `normalize_costs`: (v − min) / (max − min), or 1 where the range is under 1e-10. */
export function normalizeCosts(values: readonly number[], bounds: ObjectiveBounds): number[] {
  return values.map((v, k) => {
    const range = bounds.max[k] - bounds.min[k];
    return range < 1e-10 ? 1 : (v - bounds.min[k]) / range;
  });
}

/** SMAC's `update_on_iteration_start`: θ = rand(m) / (Σ rand + 1e-10). */
export function paregoWeights(rng: Rng, objectives: number): number[] {
  const theta = Array.from({ length: objectives }, () => rng.next());
  const sum = theta.reduce((a, b) => a + b, 0) + 1e-10;
  return theta.map((t) => t / sum);
}

/** The augmented Chebyshev scalarisation of normalised costs. */
export function paregoCost(
  normalized: readonly number[],
  theta: readonly number[],
  rho = PAREGO_RHO,
): number {
  let max = -Infinity;
  let sum = 0;
  for (let k = 0; k < normalized.length; k++) {
    const w = theta[k] * normalized[k];
    max = Math.max(max, w);
    sum += w;
  }
  return max + rho * sum;
}
