/** Training settings and results: plain JSON, safe to import from the UI (no tfjs). */
import type { OptimizerSpec } from './optimizer-spec';

export interface TrainConfig {
  /** Categorical attribute to predict, e.g. 'expression'. */
  target: string;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerSpec;
  /** Seeds the shuffling order. */
  seed: number;
  /** Stop after this many steps in total (for tiny smoke runs); unlimited when absent. */
  maxSteps?: number;
}

export interface TrainHistory {
  /** Mean loss of each step, in order. */
  loss: number[];
  epochsCompleted: number;
  steps: number;
  images: number;
  seconds: number;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  target: 'expression',
  epochs: 3,
  batchSize: 32,
  optimizer: { name: 'adam', learningRate: 0.003 },
  seed: 1,
};
