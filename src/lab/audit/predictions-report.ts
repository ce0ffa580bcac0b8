/**
 * The one way from a predictions CSV to a report, used by `lab metrics --input`, `lab audit
 * --format predictions` and the Audit page's CSV route: read the columns, apply the filters,
 * skip rows missing a label or group, check the positive label, then build the grouped report.
 * Filters work on any extra column: numeric when every non-empty value is a number,
 * categorical otherwise.
 */
import { AuditError } from './errors';
import { compileFilters, parseFilter, type AttributeValue, type Filter, type FilterSchema } from './filters';
import {
  parsePredictionsCsv,
  type AuditPredictions,
  type PredictionRow,
  type PredictionsCsvOptions,
} from './predictions';
import {
  groupedClassificationReport,
  type GroupedClassificationReport,
  type GroupedReportOptions,
} from './report';
import { SkipLog, type SkipSummary } from './skip-log';

export interface PredictionsReportOptions extends PredictionsCsvOptions, GroupedReportOptions {
  filters?: readonly (string | Filter)[];
}

export interface PredictionsReport {
  report: GroupedClassificationReport;
  /** The rows the report counts (after filters and skips). */
  predictions: AuditPredictions;
  filters: Filter[];
  /** Rows missing y_true, y_pred (or the score it comes from) or a group value. */
  skipped: SkipSummary;
  /** Rows left out by the filters. */
  filtered: number;
}

export function predictionsCsvReport(
  text: string,
  options: PredictionsReportOptions = {},
): PredictionsReport {
  const all = parsePredictionsCsv(text, options);
  const filters = (options.filters ?? []).map((f) => (typeof f === 'string' ? parseFilter(f) : f));
  const schema = csvSchema(all.rows);
  const failing = compileFilters(filters, schema);
  const predicted = options.threshold === undefined ? 'y_pred' : 'score';
  const skips = new SkipLog();
  let filtered = 0;
  const rows: PredictionRow[] = [];
  for (const row of all.rows) {
    const missing = ['y_true', predicted, ...all.groupAttributes].find((c) => cell(row, c) === '');
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
  const positive = options.positive ?? undefined;
  if (positive !== undefined && !all.rows.some((r) => r.yTrue === positive || r.yPred === positive)) {
    throw new AuditError(
      'predictions-csv',
      `Positive label "${positive}" appears in neither y_true nor y_pred`,
    );
  }
  if (rows.length === 0) {
    const why = [skips.summary().n_skipped > 0 && 'skipped', filtered > 0 && 'filtered out'].filter(Boolean);
    throw new AuditError('predictions-csv', `No rows left: all were ${why.join(' or ') || 'empty'}`);
  }
  const predictions: AuditPredictions = { ...all, rows };
  return {
    report: groupedClassificationReport(predictions, options),
    predictions,
    filters,
    skipped: skips.summary(),
    filtered,
  };
}

function cell(row: PredictionRow, column: string): string {
  if (column === 'y_true') return row.yTrue;
  if (column === 'y_pred') return row.yPred;
  if (column === 'score') return row.score === null ? '' : String(row.score);
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
