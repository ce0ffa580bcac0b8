/**
 * Hyperband's brackets as SMAC3 computes them (`smac/intensifier/successive_halving.py`
 * `_get_max_iterations` and `_compute_configs_and_budgets_for_stages`, `hyperband.py`,
 * `hyperband_utils.determine_HB`):
 *   s_max = ⌊log(max/min) / log(η)⌋;
 *   bracket i (i = 0…s_max) has s = s_max − i + 1 stages;
 *   its first stage holds ⌈η^(s−1) · (s_max + 1) / s⌉ configurations, stage k ⌊n₀ · η^−k⌉
 *   (numpy's floor, then round), at budgets max · η^−(s−1−k).
 * For (25, 100, 2): 4/2/1 at 25/50/100, 3/1 at 50/100, 3 at 100.
 * SMAC hands the float budget to the target function; an epoch budget must be whole, so the lab
 * rounds it to the nearest epoch (at least 1) and keeps SMAC's value alongside.
 */

export interface Bracket {
  /** Configurations per stage. */
  nConfigs: number[];
  /** SMAC's budgets per stage (floats). */
  smacBudgets: number[];
  /** The budgets in whole epochs. */
  budgets: number[];
}

export function maxIterations(eta: number, maxBudget: number, minBudget: number): number {
  return Math.floor(Math.log(maxBudget / minBudget) / Math.log(eta));
}

export function hyperbandBrackets(minBudget: number, maxBudget: number, eta = 2): Bracket[] {
  if (!(minBudget > 0)) throw new Error(`min budget must be > 0 (got ${minBudget})`);
  if (maxBudget < minBudget) throw new Error(`max budget ${maxBudget} is below min budget ${minBudget}`);
  if (!Number.isInteger(eta) || eta < 2) throw new Error(`eta must be an integer ≥ 2 (got ${eta})`);
  const sMax = maxIterations(eta, maxBudget, minBudget);
  const brackets: Bracket[] = [];
  for (let i = 0; i <= sMax; i++) {
    const maxIter = sMax - i;
    const n0 = Math.ceil((eta ** maxIter * (sMax + 1)) / (maxIter + 1));
    const nConfigs: number[] = [];
    const smacBudgets: number[] = [];
    for (let k = 0; k <= maxIter; k++) {
      nConfigs.push(Math.round(Math.floor(n0 * eta ** -k)));
      smacBudgets.push(maxBudget * eta ** -(maxIter - k));
    }
    brackets.push({ nConfigs, smacBudgets, budgets: smacBudgets.map((b) => Math.max(1, Math.round(b))) });
  }
  return brackets;
}
