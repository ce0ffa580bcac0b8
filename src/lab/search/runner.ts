/**
 * What a study asks of whoever trains a trial: train `trial`'s configuration up to `budget`
 * epochs (from `resume` when the trial was promoted from a lower rung), report per-epoch
 * objective values, and hand back the objective vector, a checkpoint and per-group results.
 * The lead backs it with the FR-NAS DPN trainer; tests and the bench back it with cheap functions.
 */
import type { FrozenTrial } from './frozen-trial';

/** Opaque bytes (weights + optimiser state, serialised by the runner); the storage caps them by size. */
export type Checkpoint = Uint8Array;

export interface TrialRunRequest {
  trial: FrozenTrial;
  /** Epochs to reach (the Hyperband fidelity). */
  budget: number;
  /** A promoted trial continues from its checkpoint at the lower rung's budget. */
  resume?: { budget: number; checkpoint: Checkpoint };
  /** Intermediate objective values after an epoch (all minimised). */
  report(epoch: number, values: number[]): void;
  /** The scheduler's answer after the last report (Optuna's `should_prune`). */
  shouldStop(): boolean;
  /** Aborts on cancel or reload: stop soon; the trial is re-run when the study resumes. */
  signal: AbortSignal;
}

export interface TrialRunResult {
  state: 'complete' | 'failed' | 'pruned';
  /** The objective vector at `budget` (minimised); required when complete. */
  values?: number[];
  reason?: string;
  checkpoint?: Checkpoint;
  /** Per-group results, parameter count, model size, … (kept as Optuna user attrs). */
  userAttrs?: Record<string, unknown>;
}

export type TrialRunner = (request: TrialRunRequest) => Promise<TrialRunResult>;
