import type { ExperimentSpec } from '../../lab/experiments/run-experiment';
import type { ModelFiles } from '../../lab/models/artifacts';
import type { RunRecord } from '../../lab/runs/types';
import type { Method } from '../protocol';

export interface TrainingApi {
  /** Trains and evaluates; a completed run is stored, a failed one only returned (with its reason). */
  train: Method<ExperimentSpec, RunRecord>;
  listRuns: Method<void, RunRecord[]>;
  renameRun: Method<{ id: string; label: string }, void>;
  deleteRun: Method<{ id: string }, void>;
  exportModel: Method<{ id: string }, ModelFiles>;
}
