/**
 * Reads the scores a threshold post-processor needs from a CSV: y_true, score and one or more
 * group columns (the lab's predictions CSV, file,y_true,y_pred,score,<groups>, qualifies; y_pred
 * is ignored). Every problem is a one-line PostprocessInputError naming the row or column.
 *
 * Which rows fit and which are evaluated (FitSplit):
 *   column — fit where a column equals a value (e.g. split=val), evaluate where it equals
 *            another (split=test) or, by default, every other row;
 *   random — a seeded share of the rows, stratified by group × label, fits; the rest evaluate;
 *   same   — fit and evaluate on every row (optimistic: the result carries a warning).
 */
import { crossGroups, sortNames } from '../fairness/labels';
import { parseCsv } from '../util/csv';
import { createRng, shuffleInPlace } from '../util/rng';

export class PostprocessInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostprocessInputError';
  }
}

export type FitSplit =
  | { kind: 'same' }
  | { kind: 'column'; column: string; fit: string; evaluate?: string }
  | { kind: 'random'; fraction: number; seed: number };

export interface ScoresCsvOptions {
  /** Group columns, crossed into "a|b" keys when several; default every column that is not
   * file, y_true, y_pred, score, sample_weight or the split column. */
  groupCols?: string[];
  /** Positive y_true value; default 1 when y_true is within {0, 1}. */
  positive?: string;
  fitSplit?: FitSplit;
}

/** Rows ready for the optimiser: labels 0/1, scores and one group key per row. */
export interface ScoredRows {
  labels: Uint8Array;
  scores: Float64Array;
  groups: string[];
}

export interface ScoresCsv {
  fit: ScoredRows;
  evaluate: ScoredRows;
  positive: string;
  negative: string;
  groupCols: string[];
  /** e.g. "split = val (120 rows)". */
  fitDescription: string;
  evaluateDescription: string;
  warnings: string[];
}

/** Never group columns by default; `split` is the usual name of a fit / evaluate column. */
const FIXED = ['file', 'y_true', 'y_pred', 'score', 'sample_weight', 'split'];

const fail = (message: string): never => {
  throw new PostprocessInputError(message);
};

export function readScoresCsv(text: string, options: ScoresCsvOptions = {}): ScoresCsv {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    return fail(`CSV: ${(error as Error).message}`);
  }
  const { header, rows } = table;
  if (header.length === 0 || rows.length === 0) fail('the CSV is empty (it needs a header and rows)');
  const index = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) fail(`no "${name}" column (columns: ${header.join(', ')})`);
    return i;
  };
  const trueCol = index('y_true');
  const scoreCol = index('score');
  const split = options.fitSplit ?? { kind: 'same' };
  const splitCol = split.kind === 'column' ? index(split.column) : -1;
  const groupCols =
    options.groupCols ??
    header.filter((h) => !FIXED.includes(h) && (split.kind !== 'column' || h !== split.column));
  if (groupCols.length === 0) fail('no group column: add one (e.g. race) after y_true,score');
  const groupIndex = groupCols.map(index);

  const yTrue = rows.map((row) => row[trueCol].trim());
  const emptyLabel = yTrue.indexOf('');
  if (emptyLabel >= 0) fail(`row ${emptyLabel + 2}: y_true is empty`);
  const values = sortNames(yTrue);
  if (values.length > 2) {
    const shown = values.slice(0, 5).join(', ') + (values.length > 5 ? ', …' : '');
    fail(`y_true must be binary; found ${values.length} values (${shown})`);
  }
  if (values.length < 2) fail(`y_true has only one value (${values[0]}): it needs positives and negatives`);
  const binary01 = values[0] === '0' && values[1] === '1';
  const positive =
    options.positive ?? (binary01 ? '1' : fail(`y_true is ${values.join(' / ')}: say which is positive`));
  if (!values.includes(positive))
    fail(`positive label "${positive}" is not a y_true value (${values.join(', ')})`);
  const negative = values.find((v) => v !== positive)!;

  const scores = rows.map((row, r) => {
    const raw = row[scoreCol].trim();
    const value = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) fail(`row ${r + 2}: score "${raw}" is not a number`);
    return value;
  });
  const attributes = groupIndex.map((col, c) =>
    rows.map((row, r) => {
      const value = row[col].trim();
      if (value === '') fail(`row ${r + 2}: group column "${groupCols[c]}" is empty`);
      return value;
    }),
  );
  const groups = crossGroups(attributes);
  const labels = Uint8Array.from(yTrue, (v) => (v === positive ? 1 : 0));

  const { fitRows, evaluateRows, fitDescription, evaluateDescription, warnings } = chooseRows(
    split,
    splitCol >= 0 ? rows.map((row) => row[splitCol].trim()) : [],
    labels,
    groups,
  );
  const take = (which: number[]): ScoredRows => ({
    labels: Uint8Array.from(which, (i) => labels[i]),
    scores: Float64Array.from(which, (i) => scores[i]),
    groups: which.map((i) => groups[i]),
  });
  return {
    fit: take(fitRows),
    evaluate: take(evaluateRows),
    positive,
    negative,
    groupCols,
    fitDescription,
    evaluateDescription,
    warnings,
  };
}

function chooseRows(split: FitSplit, splitValues: string[], labels: Uint8Array, groups: string[]) {
  const all = Array.from(labels, (_, i) => i);
  const warnings: string[] = [];
  if (split.kind === 'same') {
    warnings.push(
      'fitted and evaluated on the same rows: the "after" gaps are optimistic; fit on other rows (e.g. split = val) for an honest estimate',
    );
    const text = `all rows (${all.length})`;
    return { fitRows: all, evaluateRows: all, fitDescription: text, evaluateDescription: text, warnings };
  }
  if (split.kind === 'column') {
    const present = sortNames(splitValues);
    if (!present.includes(split.fit))
      fail(`no row has ${split.column} = ${split.fit} (values: ${present.slice(0, 8).join(', ')})`);
    if (split.evaluate !== undefined && !present.includes(split.evaluate))
      fail(`no row has ${split.column} = ${split.evaluate} (values: ${present.slice(0, 8).join(', ')})`);
    const fitRows = all.filter((i) => splitValues[i] === split.fit);
    const evaluateRows = all.filter((i) =>
      split.evaluate === undefined ? splitValues[i] !== split.fit : splitValues[i] === split.evaluate,
    );
    if (evaluateRows.length === 0)
      fail(`every row has ${split.column} = ${split.fit}: no rows left to evaluate`);
    return {
      fitRows,
      evaluateRows,
      fitDescription: `${split.column} = ${split.fit} (${fitRows.length} rows)`,
      evaluateDescription: `${split.column} ${split.evaluate === undefined ? `≠ ${split.fit}` : `= ${split.evaluate}`} (${evaluateRows.length} rows)`,
      warnings,
    };
  }
  if (!(split.fraction > 0 && split.fraction < 1))
    fail(`the fit fraction must be between 0 and 1 (got ${split.fraction})`);
  // Stratified by group × label, so every group keeps both labels on both sides where it can.
  const cells = new Map<string, number[]>();
  for (const i of all) {
    const key = `${groups[i]}\u0000${labels[i]}`;
    const cell = cells.get(key);
    if (cell) cell.push(i);
    else cells.set(key, [i]);
  }
  const rng = createRng(split.seed);
  const isFit = new Uint8Array(all.length);
  for (const key of [...cells.keys()].sort()) {
    const cell = shuffleInPlace(cells.get(key)!, rng);
    const k = Math.round(cell.length * split.fraction);
    for (let j = 0; j < k; j++) isFit[cell[j]] = 1;
  }
  const fitRows = all.filter((i) => isFit[i] === 1);
  const evaluateRows = all.filter((i) => isFit[i] === 0);
  if (fitRows.length === 0 || evaluateRows.length === 0)
    fail(`a fit fraction of ${split.fraction} leaves no rows on one side`);
  const percent = Math.round(split.fraction * 100);
  return {
    fitRows,
    evaluateRows,
    fitDescription: `a random ${percent}% stratified by group × label, seed ${split.seed} (${fitRows.length} rows)`,
    evaluateDescription: `the other ${100 - percent}% (${evaluateRows.length} rows)`,
    warnings,
  };
}
