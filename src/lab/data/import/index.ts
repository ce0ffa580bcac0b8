/** Dataset import: sources, format importers, the decode → resize → shard pipeline, reports. */
export type { FileSource } from './file-source';
export { FileListSource, type FileLike } from './browser-file-source';
export { ZipFileSource } from './zip-file-source';
export type { ImportPlan, ImportRecord, SkippedFile, AttributeSpec, SplitPlan } from './types';
export {
  IMPORT_FORMATS,
  isImportFormat,
  planImport,
  importDataset,
  type ImportFormat,
  type PlanOptions,
} from './formats';
export {
  runImport,
  prepareImport,
  DEFAULT_IMPORT_SEED,
  type ImportOptions,
  type ImportResult,
} from './import-pipeline';
export { summarisePlan, type PlanSummary } from './import-preview';
export { withArchives } from './archive-mount';
export { previewCsv, type CsvMapping, type CsvPreview } from './generic-csv';
export { importReportCsv, importReportJson, type ImportReport } from './import-report';
export { MIN_GROUP_COUNT } from './group-warnings';
