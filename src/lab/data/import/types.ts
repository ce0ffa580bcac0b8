import type { SplitName } from '../types';

/** One image found by an importer, with its labels as value names (absent = missing). */
export interface ImportRecord {
  /** Path in the FileSource. */
  file: string;
  categorical: Record<string, string | undefined>;
  numeric: Record<string, number>;
  /** Line of the label file the record came from, for error reports. */
  line?: number;
  /** The dataset's own split, when it ships one (CelebA's list_eval_partition, RAF-DB's names). */
  split?: SplitName;
}

/** A file (or label line) left out of the import, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
  /** 1-based line of the label file that named it. */
  line?: number;
}

/** A categorical attribute an importer produces; without `values` they are the observed ones. */
export interface AttributeSpec {
  name: string;
  sensitive: boolean;
  values?: string[];
}

export type SplitPlan =
  /** Each stratum (the attributes' value combination) is split in the same proportions. */
  | { kind: 'stratified'; by: string[] }
  /** No identity in two splits (FR-NAS protocol); `groupBy` stratifies and balances identities. */
  | { kind: 'identity-disjoint'; identity: string; groupBy?: string }
  /** Every record has `split`; without any 'val', val is carved from train stratified `by`. */
  | { kind: 'predefined'; by: string[] };

/** What an importer found: records to decode plus the dataset's schema. Nothing written yet. */
export interface ImportPlan {
  format: string;
  records: ImportRecord[];
  skipped: SkippedFile[];
  categorical: AttributeSpec[];
  numeric: string[];
  targets: string[];
  split: SplitPlan;
  warnings: string[];
  /** Files neither imported nor read as labels (set by planImport), e.g. notes.txt. */
  ignored?: SkippedFile[];
  /** Format-specific options, kept in manifest.source.options. */
  options?: Record<string, unknown>;
}
