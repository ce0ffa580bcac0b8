import type { ExperimentSpec } from '../../lab/experiments/run-experiment';
import type { ModelFiles } from '../../lab/models/artifacts';
import type { RunRecord } from '../../lab/runs/types';
import type { Method } from '../protocol';

export interface TrainingApi {
  train: Method<ExperimentSpec, RunRecord>;
  listRuns: Method<void, RunRecord[]>;
  deleteRun: Method<{ id: string }, void>;
  exportModel: Method<{ id: string }, ModelFiles>;
}
