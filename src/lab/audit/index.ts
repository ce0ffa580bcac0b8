/**
 * Auditing released tfjs models on labelled face datasets. Browser- and Worker-safe: the
 * Node-only reader of model folders is `./node-model-files`.
 */
export { AuditError, InputShapeError, UnsupportedOpError, isAuditError, type AuditErrorKind } from './errors';
export {
  loadModelFromFiles,
  loadModelFromUrl,
  fetchFailureMessage,
  detectModelFormat,
  parseModelJson,
  type LoadedModel,
  type ModelFileMap,
  type ModelFormat,
  type ModelJson,
} from './model-files';
export { inspectModel, assertRunnable, type ModelInfo, type TensorSpec } from './inspect';
export { checkOps, graphOps, kernelForOp, type OpSupport } from './op-support';
export {
  validateMapping,
  describeInput,
  channelCount,
  modelLabels,
  toDatasetLabel,
  type AuditMapping,
  type InputMapping,
  type OutputMapping,
  type ChannelOrder,
  type ResizeConvention,
  RESIZE_CONVENTIONS,
  type Scaling,
  type LabelMap,
} from './mapping';
export {
  checkMappingAgainstModel,
  checkLabelsAgainstDataset,
  labelFit,
  mappedInput,
  mappedOutput,
  type LabelFit,
} from './check-mapping';
export {
  auditSelectionProblems,
  checkAuditSelection,
  defaultGroupAttributes,
  type AuditSelection,
  type DatasetSchema,
} from './audit-checks';
export { preprocessBatch, pixelsToTensor } from './preprocess';
export { decodeOutput, softmaxRows, type DecodedBatch } from './decode-output';
export {
  faceresGenderPreset,
  faceresEmbeddingPreset,
  emotionPreset,
  labModelPreset,
  labMetadata,
  suggestPreset,
  presetByName,
  PRESET_NAMES,
  type PresetName,
  type LabModelMetadata,
} from './presets';
export {
  parseFilter,
  parseFilters,
  compileFilters,
  type Filter,
  type FilterOp,
  type FilterSchema,
} from './filters';
export { runAudit, type AuditSpec, type AuditResult } from './run-audit';
export {
  importForAudit,
  planForAudit,
  importPlanned,
  type AuditImport,
  type AuditImportOptions,
  type AuditImportPlan,
} from './import-for-audit';
export { auditPredictionsCsv, type CsvAuditOptions } from './csv-audit';
export {
  predictionsCsvReport,
  type PredictionsReport,
  type PredictionsReportOptions,
} from './predictions-report';
export {
  predictionsCsv,
  parsePredictionsCsv,
  type AuditPredictions,
  type PredictionRow,
} from './predictions';
export {
  buildAuditReport,
  groupedClassificationReport,
  withAuditFields,
  reportJson,
  summarizeModel,
  type AuditReport,
  type ClassificationAuditReport,
  type GroupedClassificationReport,
  type IdentificationAuditReport,
  type AuditContext,
  type ModelSummary,
} from './report';
export { reportCsv } from './report-csv';
export { reportMarkdown } from './report-markdown';
export { largestGaps, groupings, type Gap } from './report-table';
export type { SkipSummary, SkippedReason } from './skip-log';
