/**
 * Per-image audit results — file, true label, prediction, score and group attributes — and
 * their CSV form (columns file,y_true,y_pred,score,<group attributes>). The same CSV, made by
 * an auditor elsewhere, is the input of the predictions-CSV route.
 */
import { parseCsv, toCsv } from '../util/csv';
import { AuditError } from './errors';

export interface PredictionRow {
  file: string;
  yTrue: string;
  /** Predicted dataset label (classification). */
  yPred: string;
  /** Model score of the positive class (or of the predicted class without one); null when unknown. */
  score: number | null;
  /** Sample weight (a predictions CSV's sample_weight column); absent = 1. */
  weight?: number;
  /** Identification: distinct identities ranked before the first mate (0 = correct, −1 = no mate). */
  rank?: number;
  /** Attribute → value ('' = missing): the group attributes, plus any other CSV columns. */
  attributes: Record<string, string>;
}

export interface AuditPredictions {
  /** 'identification' rows carry a rank instead of a prediction (embedding outputs). */
  kind: 'classification' | 'identification';
  target: string;
  groupAttributes: string[];
  /** Positive dataset label of the binary metrics; null for multiclass without one. */
  positive: string | null;
  rows: PredictionRow[];
}

export const PREDICTION_COLUMNS = ['file', 'y_true', 'y_pred', 'score'] as const;

/** file,y_true,y_pred,score,<groups>; identification: file,y_true,rank,<groups>. */
export function predictionsCsv(predictions: AuditPredictions): string {
  const groups = predictions.groupAttributes;
  if (predictions.kind === 'identification') {
    const rows = predictions.rows.map((r) => [
      r.file,
      r.yTrue,
      r.rank ?? '',
      ...groups.map((g) => r.attributes[g]),
    ]);
    return toCsv(['file', 'y_true', 'rank', ...groups], rows);
  }
  const header = [...PREDICTION_COLUMNS, ...groups];
  const rows = predictions.rows.map((r) => [
    r.file,
    r.yTrue,
    r.yPred,
    r.score === null ? '' : r.score,
    ...groups.map((g) => r.attributes[g]),
  ]);
  return toCsv(header, rows);
}

export interface PredictionsCsvOptions {
  /** Shown in messages, e.g. the file name (default "Predictions CSV"). */
  name?: string;
  /**
   * Group columns; default the column "group" when there is one (Fairlearn's sensitive_features
   * as `lab metrics` writes them), else every column other than the fixed ones. [] = no groups.
   */
  groupCols?: string[];
  /** Name given to the label column in reports (default "y_true"). */
  target?: string;
  positive?: string | null;
  /** Predict from the score instead of y_pred: score ≥ threshold → the positive label (default "1"). */
  threshold?: number;
}

/** Columns with a fixed meaning; every other column is an attribute. */
export const FIXED_COLUMNS = [...PREDICTION_COLUMNS, 'sample_weight'] as const;

/** The group columns a CSV defaults to (see PredictionsCsvOptions.groupCols). */
export function defaultGroupColumns(header: readonly string[]): string[] {
  if (header.includes('group')) return ['group'];
  return header.filter((h) => !(FIXED_COLUMNS as readonly string[]).includes(h));
}

/**
 * Reads a predictions CSV: y_true and y_pred (or score with a threshold) are required; file,
 * score and sample_weight are optional. Every other column is kept as an attribute (for
 * filters). A bad file fails with one line naming the file, the column and the row.
 */
export function parsePredictionsCsv(text: string, options: PredictionsCsvOptions = {}): AuditPredictions {
  const name = options.name ?? 'Predictions CSV';
  const fail = (message: string): never => {
    throw new AuditError('predictions-csv', `${name}${message.startsWith(':') ? '' : ' '}${message}`);
  };
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    return fail(`is not valid CSV: ${(error as Error).message}`);
  }
  const { header, rows } = table;
  if (header.length === 0 || rows.length === 0) fail('is empty (needs a header and rows)');
  const column = (col: string) => header.indexOf(col);
  const columns = `(columns: ${header.join(', ')})`;
  if (column('y_true') < 0) fail(`has no "y_true" column ${columns}`);
  const extra = header.filter((h) => !(FIXED_COLUMNS as readonly string[]).includes(h));
  const groupAttributes = options.groupCols ?? defaultGroupColumns(header);
  for (const g of groupAttributes) if (column(g) < 0) fail(`has no "${g}" column ${columns}`);
  const number = (col: number, colName: string, r: number): number | null => {
    const raw = col >= 0 ? rows[r][col].trim() : '';
    if (raw === '') return null;
    const value = Number(raw);
    if (!Number.isFinite(value)) fail(`: "${colName}" at row ${r + 2} is not a number ("${raw}")`);
    return value;
  };
  const [fileCol, trueCol, predCol, scoreCol] = PREDICTION_COLUMNS.map(column);
  const weightCol = column('sample_weight');
  const parsed = rows.map((row, r): PredictionRow => {
    const parsedRow: PredictionRow = {
      file: fileCol >= 0 ? row[fileCol] : `row ${r + 2}`,
      yTrue: row[trueCol].trim(),
      yPred: predCol >= 0 ? row[predCol].trim() : '',
      score: number(scoreCol, 'score', r),
      attributes: Object.fromEntries(extra.map((col) => [col, row[column(col)].trim()])),
    };
    const weight = number(weightCol, 'sample_weight', r);
    if (weight !== null) parsedRow.weight = weight;
    return parsedRow;
  });
  const thresholded = options.threshold !== undefined;
  if (thresholded && scoreCol < 0) fail(`has no "score" column to threshold ${columns}`);
  if (!thresholded && predCol < 0)
    fail(`has no "y_pred" column ${columns}; give a "score" column and a threshold instead`);
  const positive = options.positive ?? (thresholded ? '1' : null);
  if (thresholded) thresholdRows(parsed, options.threshold!, positive!, fail);
  return {
    kind: 'classification',
    target: options.target ?? 'y_true',
    groupAttributes,
    positive,
    rows: parsed,
  };
}

/** y_pred from score ≥ threshold: the positive label, else the other label of y_true. */
function thresholdRows(
  rows: PredictionRow[],
  threshold: number,
  positive: string,
  fail: (message: string) => never,
): void {
  const others = [...new Set(rows.map((r) => r.yTrue))].filter((v) => v !== positive && v !== '');
  if (others.length > 1) fail(`: a threshold needs binary y_true; found ${[positive, ...others].join(', ')}`);
  const negative = others[0] ?? (positive === '1' ? '0' : `not ${positive}`);
  for (const row of rows) {
    if (row.score === null) continue;
    row.yPred = row.score >= threshold ? positive : negative;
  }
}
