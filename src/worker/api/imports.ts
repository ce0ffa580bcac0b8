import type { DatasetManifest } from '../../lab/data/types';
import type { CsvMapping, CsvPreview, ImportFormat, PlanSummary, SkippedFile } from '../../lab/data/import';
import type { StorageEstimate } from '../../lab/store/quota';
import type { Method } from '../protocol';

/** One picked or dropped file with its path inside the picked folder (e.g. "UTKFace/1_0_0_x.jpg"). */
export interface ImportFile {
  file: File;
  path: string;
}

/** What the user gave: a folder's files (picker or drop) or one .zip archive. */
export type ImportSourceInput =
  { kind: 'files'; files: ImportFile[]; name?: string } | { kind: 'zip'; zip: File };

export interface ImportRequest {
  format: ImportFormat;
  source: ImportSourceInput;
  /** csv: the manifest CSV; ckplus / folder: an optional attributes CSV. */
  csvPath?: string;
  /** csv: the column mapping (without it, previewImport returns the CSV preview only). */
  mapping?: CsvMapping;
}

export interface ImportPreview {
  /** The source's name (folder or zip name): the default dataset name. */
  sourceName: string;
  /** Every file in the source. */
  nFiles: number;
  /** CSV files in the source, for the CSV / attributes CSV selects. */
  csvFiles: string[];
  /** csv format: the chosen CSV's header and first 20 rows (for the mapping step). */
  csv?: CsvPreview & { path: string };
  /** Why the source cannot be imported as it is (wrong CSV columns, missing label file, …). */
  planError?: string;
  /**
   * What the import will do, from the same checks it runs before decoding; absent while a CSV
   * import still needs its mapping, or on planError. Decoding errors are found only by the import.
   */
  plan?: PlanSummary;
}

export interface ImportOutcome {
  manifest: DatasetManifest;
  skipped: SkippedFile[];
  /** Files neither imported nor read as labels (e.g. notes.txt). */
  ignored: SkippedFile[];
}

/** Pseudo-attribute for crossCounts: the image's split (train / val / test). */
export const SPLIT_AXIS = '$split';

export interface CrossTableRequest {
  /** Attribute names (or SPLIT_AXIS). */
  rows: string;
  cols: string;
}

export interface CrossTable {
  rows: string;
  cols: string;
  rowValues: string[];
  colValues: string[];
  /** counts[r][c]: images with row value r and column value c. */
  counts: number[][];
  /** Images missing either value. */
  missing: number;
}

export interface ImportsApi {
  storageEstimate: Method<void, StorageEstimate | null>;
  previewImport: Method<ImportRequest, ImportPreview>;
  importDataset: Method<
    ImportRequest & { options: { name?: string; size?: number; channels?: 1 | 3 | 'auto'; seed?: number } },
    ImportOutcome
  >;
  /** Cross tabulations (group × label, group × group, split × identity) computed from the shards. */
  crossCounts: Method<{ id: string; tables: CrossTableRequest[] }, CrossTable[]>;
}
