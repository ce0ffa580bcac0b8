import type { BackendName } from '../backend/types';
import type { Evaluation } from '../eval/evaluation';
import type { ModelConfig } from '../models/config';
import type { ModelFiles } from '../models/artifacts';
import type { Objectives, TrainConfig, TrainHistory } from '../train/config';

/** The run record schema this code writes; older records are migrated on read (`migrate.ts`). */
export const RUN_SCHEMA_VERSION = 2;

export type TrialState = 'running' | 'complete' | 'failed' | 'pruned';

/** A run seen as an Optuna-style trial: what was suggested, how it ended, what it scored and when. */
export interface TrialInfo {
  /** Flat parameters (the suggested values; for a plain run, the settings that define it). */
  params: Record<string, string | number | boolean>;
  state: TrialState;
  /** Why it failed or was pruned. */
  reason?: string;
  /** Names of the objective vector, e.g. ['error', 'rank_disparity']. */
  objectiveNames: string[];
  /** The final objective vector (minimised), absent unless complete. */
  values?: (number | null)[];
  /** Validation objectives after every epoch. */
  epochs: { epoch: number; objectives: Objectives }[];
  /** The budget (epochs) reached. */
  budget: number;
}

/** One trained model and what it scored: a point on the accuracy-vs-disparity scatter. */
export interface RunRecord {
  schemaVersion: typeof RUN_SCHEMA_VERSION;
  id: string;
  createdAt: string;
  /** A name the user gave the run (else the UI derives one). */
  label?: string;
  datasetId: string;
  datasetName: string;
  model: ModelConfig;
  parameterCount: number;
  train: TrainConfig;
  backend: BackendName;
  history: TrainHistory;
  /** Test-split evaluation; absent when training failed. */
  evaluation?: Evaluation;
  /** Every test objective by name (error, accuracy, disparities), for the scatter's axes. */
  objectives: Objectives;
  trial: TrialInfo;
  /** The run this one was continued or compressed from. */
  parentId?: string;
}

/** Where runs and their weights live: IndexedDB in the browser, memory in tests. */
export interface RunStore {
  list(): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Files are absent for a failed run. */
  put(record: RunRecord, files?: ModelFiles): Promise<void>;
  /** Renames a run (sets its label). */
  rename(id: string, label: string): Promise<void>;
  modelFiles(id: string): Promise<ModelFiles | undefined>;
  delete(id: string): Promise<void>;
}
