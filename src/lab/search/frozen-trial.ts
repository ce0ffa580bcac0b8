/**
 * Optuna's `FrozenTrial` and `TrialState`, extended with what multi-fidelity needs: a trial
 * (one configuration) is evaluated at one or more budgets (epochs), and each evaluation is kept.
 *
 * States, in Optuna's words: WAITING (not finished, nothing running: new, enqueued, or between
 * rungs), RUNNING (a runner holds it), COMPLETE (evaluated at the full budget), PRUNED (stopped
 * at a lower rung by the scheduler, or by the runner), FAIL.
 */
import type { Distribution, ParamValue } from './distributions';

export type TrialState = 'WAITING' | 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL';

/** One evaluation of a trial at a budget. */
export interface BudgetResult {
  budget: number;
  state: 'COMPLETE' | 'PRUNED' | 'FAIL';
  /** The objective vector at this budget (all minimised); absent for a failure. */
  values?: number[];
  reason?: string;
}

/** A value reported per epoch while running (`report(epoch, values)`); see `Storage.getIntermediate`. */
export interface IntermediateValue {
  budget: number;
  epoch: number;
  values: number[];
}

export interface FrozenTrial {
  /** The lab's id: `<study name>#<number>`. */
  id: string;
  number: number;
  state: TrialState;
  params: Record<string, ParamValue>;
  distributions: Record<string, Distribution>;
  /** Evaluations in the order they finished (ascending budget). */
  results: BudgetResult[];
  userAttrs: Record<string, unknown>;
  /** The sampler's and scheduler's notes, as Optuna's `system_attrs` (e.g. `constraints`). */
  systemAttrs: Record<string, unknown>;
  /** Budget held while RUNNING. */
  runningBudget?: number;
  /** The budget of the checkpoint the storage keeps for this trial, if any. */
  checkpointBudget?: number;
  datetimeStart?: string;
  datetimeComplete?: string;
}

/** Optuna's system attribute for constraint values (`optuna.samplers._base._CONSTRAINTS_KEY`). */
export const CONSTRAINTS_KEY = 'constraints';
/** User attribute naming a baseline trial (e.g. "FR-NAS 000 CosFace SGD"). */
export const BASELINE_KEY = 'baseline';
/** System attribute of enqueued trials: their fixed parameters (as Optuna's `fixed_params`). */
export const FIXED_PARAMS_KEY = 'fixed_params';

export function isFinished(state: TrialState): boolean {
  return state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
}

/** The highest budget with objective values, and those values. */
export function latestValues(trial: FrozenTrial): { budget: number; values: number[] } | undefined {
  for (let i = trial.results.length - 1; i >= 0; i--) {
    const r = trial.results[i];
    if (r.values && r.state !== 'FAIL') return { budget: r.budget, values: r.values };
  }
  return undefined;
}

export function resultAt(trial: FrozenTrial, budget: number): BudgetResult | undefined {
  return trial.results.find((r) => r.budget === budget);
}

/** Optuna's constraint semantics: feasible when every constraint value is ≤ 0 (or none set). */
export function isFeasible(trial: FrozenTrial): boolean {
  const c = trial.systemAttrs[CONSTRAINTS_KEY];
  return !Array.isArray(c) || c.every((v) => typeof v === 'number' && v <= 0);
}

/** Completed at the full budget: what Optuna calls COMPLETE and the front is made of. */
export function completeValues(trial: FrozenTrial): number[] | undefined {
  return trial.state === 'COMPLETE' ? latestValues(trial)?.values : undefined;
}
