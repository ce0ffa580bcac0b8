/** A compression sweep's request and stored result: plain JSON, shared by the Worker, the page and the CLI. */
import type { CieGroup } from './cie';
import type { EvaluationTask, Interval } from './evaluate';

export interface SweepOptions {
  /** Comma-separated settings, e.g. "prune:0.5,int8,cluster:16" (see settings.ts). */
  methods: string;
  /** Models per setting; deterministic techniques give identical repeats (see the README). */
  repeats: number;
  seed: number;
  /** Bootstrap replicates for the per-group intervals (0 = none). */
  bootstrap: number;
  /** The disparity plotted and tabled, e.g. accuracy_difference (default by task). */
  disparity?: string;
  /** Default: the model's metadata, else the dataset's first target. */
  target?: string;
  /** Default: the dataset's first sensitive attribute. */
  groupAttribute?: string;
  /** Default: the model's metadata (fairnessLab.task), else classification. */
  task?: EvaluationTask;
  /** Fine-tune pruned / clustered settings for this many epochs before quantising (0 or absent: none). */
  finetuneEpochs?: number;
  /** The pruning schedule while fine-tuning (TFMOT's ConstantSparsity, or PolynomialDecay). Default constant. */
  finetuneSchedule?: 'constant' | 'polynomial';
}

export interface GroupSummary {
  /** Mean over repeats. */
  accuracy: number;
  count: number;
  /** Percentile bootstrap interval, bounds averaged over repeats. */
  ci: Interval | null;
  repeats: number[];
}

/** One CIE for the image browser. */
export interface CieExample {
  /** Global image index in the dataset. */
  index: number;
  label: number;
  baseline: number;
  compressed: number;
}

export interface SettingSummary {
  key: string;
  method: string;
  param: number | string | null;
  /** How the export stores the weights. */
  format: string;
  sizeBytes: number;
  sizeDeflateBytes: number;
  parameters: number;
  sparsity: number;
  distinctValues: number;
  accuracy: number;
  accuracyRepeats: number[];
  byGroup: Record<string, GroupSummary>;
  byIntersection: Record<string, GroupSummary>;
  /** Every disparity, mean over repeats (null when undefined in any repeat). */
  disparities: Record<string, number | null>;
  /** The chosen disparity. */
  disparity: number | null;
  /** With ≥ 2 repeats. */
  cie?: {
    overall: CieGroup;
    byGroup: Record<string, CieGroup>;
    /** Up to CIE_EXAMPLES per group. */
    examples: Record<string, CieExample[]>;
  };
}

export type SweepStatus = 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted';

export interface SweepRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: SweepStatus;
  error?: string;
  model: { name: string; source: 'run' | 'files'; runId?: string };
  datasetId: string;
  datasetName: string;
  target: string;
  task: EvaluationTask;
  /** Names of the predicted labels (class names, or identities). */
  labelNames: string[];
  groupAttribute: string;
  crossAttributes: string[];
  options: SweepOptions;
  disparity: string;
  /** Baseline first, then the settings in the order given; filled as they finish. */
  settings: SettingSummary[];
  /** Settings including the baseline. */
  total: number;
  seconds: number;
}

export const CIE_EXAMPLES = 64;
