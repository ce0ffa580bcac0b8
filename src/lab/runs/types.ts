import type { BackendName } from '../backend/types';
import type { ModelConfig } from '../models/config';
import type { ModelFiles } from '../models/artifacts';
import type { TrainConfig, TrainHistory } from '../train/config';
import type { GroupEvaluation } from '../eval/group-evaluation';

/** One trained model and what it scored: a point on the accuracy-vs-disparity scatter. */
export interface RunRecord {
  id: string;
  createdAt: string;
  datasetId: string;
  datasetName: string;
  model: ModelConfig;
  parameterCount: number;
  train: TrainConfig;
  backend: BackendName;
  history: TrainHistory;
  evaluation: GroupEvaluation;
}

/** Where runs and their weights live: IndexedDB in the browser, memory in tests. */
export interface RunStore {
  list(): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord | undefined>;
  put(record: RunRecord, files: ModelFiles): Promise<void>;
  modelFiles(id: string): Promise<ModelFiles | undefined>;
  delete(id: string): Promise<void>;
}
