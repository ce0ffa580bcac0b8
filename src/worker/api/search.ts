import type { FrozenTrial, IntermediateValue } from '../../lab/search/frozen-trial';
import type { LabSearchSettings } from '../../lab/search/training/lab-search';
import type { ModelFiles } from '../../lab/models/artifacts';
import type { TrainConfig } from '../../lab/train/config';
import type { Method } from '../protocol';

/** Everything a study is made from: the Search page's form (and its URL). */
export interface StudyConfig {
  datasetId: string;
  settings: LabSearchSettings;
  /** Target, task, groups, batch: what every trial shares. */
  train: Pick<TrainConfig, 'target' | 'task' | 'groupAttribute' | 'batchSize'>;
  frnasWidth?: number;
  /** Trials trained at once, each in its own Worker (Optuna's n_jobs). */
  workers: number;
}

export type StudyStatus = 'running' | 'paused' | 'interrupted' | 'done';

export interface StudySummary {
  name: string;
  config: StudyConfig;
  createdAt: string;
  status: StudyStatus;
  trials: number;
  complete: number;
}

/** A study as the page draws it. */
export interface StudyView {
  name: string;
  config: StudyConfig;
  status: StudyStatus;
  objectives: string[];
  trials: FrozenTrial[];
  /** The extra baselines (other families, mitigation methods), beside the study. */
  baselines: FrozenTrial[];
  /** Per trial number, the validation objectives after each epoch. */
  intermediate: Record<number, IntermediateValue[]>;
  /** The same for the baselines beside the study. */
  baselineIntermediate: Record<number, IntermediateValue[]>;
  pareto: number[];
  referencePoint: [number, number] | null;
  hypervolume: number | null;
  hypervolumeHistory: { number: number; hypervolume: number }[];
  dominance: { label: string; values: number[]; dominatedBy: number[] }[];
  /** Trials done out of the study's total (sampled + baselines). */
  progress: { done: number; total: number };
}

/** Progress payloads of runStudy: the study after a change, and each Worker's current trial. */
export type SearchPayload =
  | { kind: 'study'; view: StudyView }
  | {
      kind: 'worker';
      worker: number;
      trial: number;
      budget: number;
      epoch: number;
      done: number;
      total: number;
    };

export interface SearchApi {
  /** Starts a study, or resumes it (same name and config); ends when it is done, paused or cancelled. */
  runStudy: Method<{ name: string; config: StudyConfig }, StudyView>;
  /** Pause: no new trial starts; running ones finish. */
  pauseStudy: Method<{ name: string }, void>;
  listStudies: Method<void, StudySummary[]>;
  getStudy: Method<{ name: string }, StudyView>;
  deleteStudy: Method<{ name: string }, void>;
  exportStudy: Method<{ name: string; format: 'json' | 'csv' | 'optuna' }, string>;
  /** Reads an Optuna JournalStorage file; its trials become a study shown on the scatter. */
  importOptunaJournal: Method<{ text: string; fileName: string }, StudyView>;
  /** The trial's model (from its checkpoint) as stock tfjs files. */
  exportTrialModel: Method<{ name: string; number: number; baseline?: boolean }, ModelFiles>;
  /** Keeps the trial as a run (so the Compress and Audit pages can open it); returns the run id. */
  saveTrialAsRun: Method<{ name: string; number: number; baseline?: boolean }, string>;
}
