/**
 * The predictions-CSV route: an auditor who already has predictions (file,y_true,y_pred,score,
 * <group attributes>) gets the same report as a model audit. Filters work on any extra column:
 * numeric when every non-empty value is a number, categorical otherwise.
 */
import { AuditError } from './errors';
import { compileFilters, parseFilter, type AttributeValue, type Filter, type FilterSchema } from './filters';
import { parsePredictionsCsv, type AuditPredictions, type PredictionRow } from './predictions';
import { buildAuditReport, type ClassificationAuditReport } from './report';
import { SkipLog } from './skip-log';

export interface CsvAuditOptions {
  /** Shown as the dataset name, e.g. the CSV's file name. */
  name: string;
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
  const all = parsePredictionsCsv(text, { groupCols: options.groupCols, positive: options.positive ?? null });
  const filters = (options.filters ?? []).map((f) => (typeof f === 'string' ? parseFilter(f) : f));
  const schema = csvSchema(all.rows);
  const failing = compileFilters(filters, schema);
  const skips = new SkipLog();
  let filtered = 0;
  const rows: PredictionRow[] = [];
  for (const row of all.rows) {
    const missing = ['y_true', 'y_pred', ...all.groupAttributes].find((c) => cell(row, c) === '');
    if (missing !== undefined) {
      skips.add(`missing ${missing}`, row.file);
      continue;
    }
    const value = (name: string): AttributeValue => {
      const raw = row.attributes[name] ?? '';
      if (raw === '') return null;
      return schema.numeric.includes(name) ? Number(raw) : raw;
    };
    if (failing(value) !== null) filtered++;
    else rows.push(row);
  }
  if (
    options.positive !== undefined &&
    !all.rows.some((r) => r.yTrue === options.positive || r.yPred === options.positive)
  ) {
    throw new AuditError(
      'predictions-csv',
      `Positive label "${options.positive}" appears in neither y_true nor y_pred`,
    );
  }
  const predictions: AuditPredictions = { ...all, rows };
  const report = buildAuditReport(predictions, {
    model: null,
    mapping: null,
    dataset: { id: null, name: options.name, format: 'predictions', split: 'all' },
    filters: filters.map((f) => f.text),
    backend: null,
    n_filtered: filtered,
    skipped: skips.summary(),
    privileged: options.privileged,
    bootstrap: options.bootstrap,
    seed: options.seed,
  });
  return { report, predictions };
}

function cell(row: PredictionRow, column: string): string {
  if (column === 'y_true') return row.yTrue;
  if (column === 'y_pred') return row.yPred;
  return row.attributes[column] ?? '';
}

/** Extra columns as filterable attributes, typed by their values. */
function csvSchema(rows: PredictionRow[]): FilterSchema {
  const names = Object.keys(rows[0]?.attributes ?? {});
  const numeric: string[] = [];
  const categorical: Record<string, string[]> = {};
  for (const name of names) {
    const values = rows.map((r) => r.attributes[name]).filter((v) => v !== '');
    if (values.length > 0 && values.every((v) => Number.isFinite(Number(v)))) numeric.push(name);
    else categorical[name] = [...new Set(values)].sort();
  }
  return { categorical, numeric };
}
