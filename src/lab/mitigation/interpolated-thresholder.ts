/**
 * Applying a fitted InterpolatedThresholder (fairlearn/postprocessing/_interpolated_thresholder.py):
 * pmfPredict gives each row's probability of a positive decision (Fairlearn's _pmf_predict,
 * column 1), predict draws one seeded decision per row from it.
 */
import type { Rng } from '../util/rng';
import type { InterpolatedThresholder } from './threshold-optimizer';
import { applyOperation } from './threshold-operation';

/** P(ŷ = 1) per row. Throws on a group the thresholder was not fitted on. */
export function pmfPredict(
  thresholder: InterpolatedThresholder,
  scores: ArrayLike<number>,
  groups: readonly string[],
): Float64Array {
  if (scores.length !== groups.length) throw new Error('scores and groups differ in length');
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const rule = thresholder.interpolation[groups[i]];
    if (!rule) {
      const known = Object.keys(thresholder.interpolation).join(', ');
      throw new Error(`group "${groups[i]}" was not in the rows the thresholds were fitted on (${known})`);
    }
    let p =
      rule.p0 * applyOperation(rule.operation0, scores[i]) +
      rule.p1 * applyOperation(rule.operation1, scores[i]);
    if (rule.p_ignore !== undefined && rule.prediction_constant !== undefined)
      p = rule.p_ignore * rule.prediction_constant + (1 - rule.p_ignore) * p;
    out[i] = Math.min(1, Math.max(0, p)); // guards against rounding just outside [0, 1]
  }
  return out;
}

/**
 * One seeded draw: ŷ = 1 when u < P(ŷ = 1), one uniform u per row in row order. Fairlearn tests
 * P ≥ u instead; with u in [0, 1) the two differ only at u = P, but u < P never selects a row
 * whose probability is 0.
 */
export function predict(
  thresholder: InterpolatedThresholder,
  scores: ArrayLike<number>,
  groups: readonly string[],
  rng: Rng,
): Uint8Array {
  const probabilities = pmfPredict(thresholder, scores, groups);
  return Uint8Array.from(probabilities, (p) => (rng.next() < p ? 1 : 0));
}
