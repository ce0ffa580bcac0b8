/**
 * The Scheduler decides what runs next and when a trial is finished: Optuna's pruner, extended
 * to multi-fidelity with several objectives. Optuna itself cannot do this: its pruners refuse
 * multi-objective studies (`trial.report` raises NotImplementedError for them, and
 * `trial.should_prune` too), and the RFC asking for multi-objective pruning (optuna/optuna
 * #3450) has been open for years; so successive halving that promotes by Pareto rank, as SMAC3
 * does, is the lab's own. A scheduler is a pure function of the trials (their system attrs and
 * results), so a reopened study schedules exactly as the uninterrupted one would have.
 */
import type { FrozenTrial, TrialState } from './frozen-trial';

export interface Job {
  number: number;
  budget: number;
  /** Budget of the lower rung the trial continues from (its checkpoint there). */
  resumeFrom?: number;
}

export type SchedulerDecision =
  | { kind: 'run'; job: Job }
  /** Create `count` new trials with these system attrs (a new Hyperband bracket). */
  | { kind: 'sample'; count: number; systemAttrs: Record<string, unknown> }
  /** Nothing can start until a running job finishes. */
  | { kind: 'wait' }
  | { kind: 'done' };

export interface Scheduler {
  readonly name: string;
  readonly maxBudget: number;
  settings(): Record<string, unknown>;
  /** The next decision given the trials as they are now (RUNNING ones are held by runners). */
  next(trials: readonly FrozenTrial[], options: { canSample: boolean }): SchedulerDecision;
  /** Trials whose results now settle them: PRUNED at a rung, COMPLETE at the top, FAIL. */
  settle(trials: readonly FrozenTrial[]): { number: number; state: TrialState }[];
  /** Optuna's `should_prune` after a report; successive halving decides at rung ends only. */
  shouldStop(trial: FrozenTrial, epoch: number, values: readonly number[]): boolean;
}
