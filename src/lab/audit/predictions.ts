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
  /** Group columns; default every column other than file, y_true, y_pred and score. */
  groupCols?: string[];
  /** Name given to the label column in reports (default "y_true"). */
  target?: string;
  positive?: string | null;
}

/**
 * Reads a predictions CSV; y_true and y_pred are required, file and score optional. Every other
 * column is kept as an attribute (for filters); the group columns are `groupCols` or all of them.
 */
export function parsePredictionsCsv(text: string, options: PredictionsCsvOptions = {}): AuditPredictions {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    throw new AuditError('predictions-csv', `Predictions CSV: ${(error as Error).message}`);
  }
  const { header, rows } = table;
  const fail = (message: string): never => {
    throw new AuditError('predictions-csv', `Predictions CSV: ${message}`);
  };
  const column = (name: string) => header.indexOf(name);
  for (const required of ['y_true', 'y_pred']) {
    if (column(required) < 0)
      fail(`missing column "${required}" (found: ${header.join(', ') || 'no header'})`);
  }
  const extra = header.filter((h) => !(PREDICTION_COLUMNS as readonly string[]).includes(h));
  const groupAttributes = options.groupCols ?? extra;
  const missing = groupAttributes.filter((g) => column(g) < 0);
  if (missing.length > 0)
    fail(`no group column ${missing.map((g) => `"${g}"`).join(', ')} (found: ${header.join(', ')})`);
  if (groupAttributes.length === 0)
    fail('no group columns: add at least one (e.g. race) after file,y_true,y_pred,score');
  const [fileCol, trueCol, predCol, scoreCol] = PREDICTION_COLUMNS.map(column);
  const parsed = rows.map((row, r): PredictionRow => {
    const rawScore = scoreCol >= 0 ? row[scoreCol].trim() : '';
    const score = rawScore === '' ? null : Number(rawScore);
    if (score !== null && !Number.isFinite(score)) fail(`row ${r + 2}: score "${rawScore}" is not a number`);
    return {
      file: fileCol >= 0 ? row[fileCol] : `row ${r + 2}`,
      yTrue: row[trueCol].trim(),
      yPred: row[predCol].trim(),
      score,
      attributes: Object.fromEntries(extra.map((name) => [name, row[column(name)].trim()])),
    };
  });
  if (parsed.length === 0) fail('no rows');
  return {
    kind: 'classification',
    target: options.target ?? 'y_true',
    groupAttributes,
    positive: options.positive ?? null,
    rows: parsed,
  };
}
