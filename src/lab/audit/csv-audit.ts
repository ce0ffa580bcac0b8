/**
 * The predictions-CSV route: an auditor who already has predictions (file,y_true,y_pred,score,
 * <group attributes>) gets the same report as a model audit — predictionsCsvReport plus the
 * audit fields (no model, no mapping).
 */
import type { Filter } from './filters';
import type { AuditPredictions } from './predictions';
import { predictionsCsvReport } from './predictions-report';
import { withAuditFields, type ClassificationAuditReport } from './report';

export interface CsvAuditOptions {
  /** Shown as the dataset name, e.g. the CSV's file name. */
  name: string;
  /** Default: see PredictionsCsvOptions.groupCols; [] = no groups (overall and per class). */
  groupCols?: string[];
  filters?: readonly (string | Filter)[];
  positive?: string;
  privileged?: string;
  bootstrap?: number;
  seed?: number;
}

export function auditPredictionsCsv(
  text: string,
  options: CsvAuditOptions,
): { report: ClassificationAuditReport; predictions: AuditPredictions } {
  const read = predictionsCsvReport(text, options);
  const report = withAuditFields(read.report, read.predictions, {
    model: null,
    mapping: null,
    dataset: { id: null, name: options.name, format: 'predictions', split: 'all' },
    filters: read.filters.map((f) => f.text),
    backend: null,
    n_filtered: read.filtered,
    skipped: read.skipped,
    privileged: options.privileged,
    bootstrap: options.bootstrap,
    seed: options.seed,
  });
  return { report, predictions: read.predictions };
}
