/**
 * The study's Pareto front: trials COMPLETE at the full budget, feasible under Optuna's
 * constraint semantics (every constraint value ≤ 0), not dominated by another such trial.
 * Equal points share the front, as in Optuna's `best_trials`. Low-fidelity (PRUNED) and
 * infeasible trials are kept in the study and drawn, but never on the front.
 */
import { paretoFront, type Sense } from '../../fairness/pareto';
import { completeValues, isFeasible, type FrozenTrial } from '../frozen-trial';

/** Trials that can be on the front: COMPLETE, feasible, with values. */
export function frontCandidates(trials: readonly FrozenTrial[]): FrozenTrial[] {
  return trials.filter((t) => completeValues(t) !== undefined && isFeasible(t));
}

/** The non-dominated trials, by number. `senses` defaults to minimising every objective. */
export function paretoTrials(trials: readonly FrozenTrial[], senses?: readonly Sense[]): FrozenTrial[] {
  const candidates = frontCandidates(trials);
  if (candidates.length === 0) return [];
  const points = candidates.map((t) => completeValues(t)!);
  const front = paretoFront(points, senses ?? points[0].map((): Sense => 'min'));
  return front.map((i) => candidates[i]).sort((a, b) => a.number - b.number);
}
