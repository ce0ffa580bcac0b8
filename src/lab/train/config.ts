/** Training settings and results: plain JSON, safe to import from the UI (no tfjs). */
import type { MitigationSpec } from '../mitigation/spec';
import type { AugmentSpec } from './augment';
import type { OptimizerSpec } from './optimizer-spec';
import type { ScheduleSpec } from './schedule';

/**
 * classification: predict `target`, judged by per-group accuracy and the fairness module's
 * disparities; identification: learn `target` (the identity) under a head, judged by
 * leave-one-out ranks of the evaluation split's embeddings (FR-NAS's Error and Rank Disparity).
 */
export type TaskKind = 'classification' | 'identification';

export interface TrainConfig {
  /** Categorical attribute to learn, e.g. 'expression' or 'identity'. */
  target: string;
  /** Default classification. */
  task?: TaskKind;
  /** Epochs to train to (the budget of this run). */
  epochs: number;
  /** The final budget the learning-rate schedule spans (≥ epochs; default epochs). */
  scheduleEpochs?: number;
  batchSize: number;
  optimizer: OptimizerSpec;
  /** Default constant. */
  schedule?: ScheduleSpec;
  augment?: AugmentSpec;
  /** Seeds the shuffling order, the augmentation and dropout. */
  seed: number;
  /** Stop after this many steps in total (for tiny smoke runs); unlimited when absent. */
  maxSteps?: number;
  /** Evaluate the validation split after every epoch (default true when it has images). */
  validate?: boolean;
  /** The disparity objective: default rank_disparity (identification) or accuracy_difference. */
  disparity?: string;
  /** Sensitive attribute whose groups are compared; default the dataset's first. */
  groupAttribute?: string;
  /** A bias-mitigation method (default none). */
  mitigation?: MitigationSpec;
}

/** Objectives of one evaluation: error, accuracy and every disparity, by name (null = undefined). */
export type Objectives = Record<string, number | null>;

export interface EpochRecord {
  epoch: number;
  meanLoss: number;
  /** The adversarial discriminator's training accuracy over the epoch (adversarial mitigation). */
  discriminatorAccuracy?: number;
  /** Validation objectives after this epoch (absent when validation is off or empty). */
  objectives?: Objectives;
}

export interface TrainHistory {
  /** Mean loss of each step, in order (across continuations). */
  loss: number[];
  epochsCompleted: number;
  steps: number;
  images: number;
  seconds: number;
  epochs?: EpochRecord[];
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  target: 'expression',
  epochs: 3,
  batchSize: 32,
  optimizer: { name: 'adam', learningRate: 0.003 },
  seed: 1,
};

export function taskOf(config: TrainConfig): TaskKind {
  return config.task ?? 'classification';
}

export function defaultDisparity(task: TaskKind): string {
  return task === 'identification' ? 'rank_disparity' : 'accuracy_difference';
}
