/**
 * The per-group table, in the style of Fairlearn's MetricFrame: one row per group plus
 * the overall row, all computed from one ConfusionSet. Every disparity, AIF360 view and
 * bootstrap replicate is derived from this table.
 *
 * A rate whose denominator is 0 (e.g. TPR of a group with no positives) is null and
 * listed in `undefined` with a reason — never 0 as Fairlearn reports it.
 */
import type { BinaryCells, ConfusionSet } from './confusion';
import { binaryCells, groupMatrix, matrixTrace } from './confusion';

export const RATE_NAMES = ['accuracy', 'selection_rate', 'tpr', 'fpr', 'tnr', 'fnr', 'precision'] as const;
export type RateName = (typeof RATE_NAMES)[number];
export const OVR_RATE_NAMES = ['selection_rate', 'tpr', 'fpr', 'tnr', 'fnr', 'precision'] as const;
export type OvrRateName = (typeof OVR_RATE_NAMES)[number];

export type Rate = number | null;
export type OvrRates = Record<OvrRateName, Rate>;

export type GroupMetrics = Record<RateName, Rate> & {
  /** Present when scores were given. */
  roc_auc?: Rate;
  /** Unweighted number of rows. */
  count: number;
  /** Sum of sample weights (equals count without weights). */
  weight: number;
};

export interface UndefinedRate {
  /** Group name, or "overall". */
  group: string;
  /** Metric name; per-class rates read e.g. "tpr[class=2]". */
  metric: string;
  reason: string;
}

export interface MetricTable {
  classes: string[];
  groups: string[];
  /** Positive class of the binary rates; null for multiclass data without a positive label. */
  positive: string | null;
  overall: GroupMetrics;
  by_group: Record<string, GroupMetrics>;
  /** Weighted one-vs-rest cells of the positive class per group (for AIF360's pooled views). */
  confusion?: Record<string, BinaryCells>;
  /** One-vs-rest rates of every class, when there are more than two classes. */
  by_class?: { overall: Record<string, OvrRates>; by_group: Record<string, Record<string, OvrRates>> };
  undefined: UndefinedRate[];
}

/** ROC-AUC per group and overall, computed elsewhere from scores. */
export interface AucValues {
  overall: Rate;
  byGroup: Rate[];
  reasons: UndefinedRate[];
}

const REASONS: Record<OvrRateName, string> = {
  selection_rate: 'no rows (zero total weight)',
  tpr: 'no positives (y_true = positive class)',
  fnr: 'no positives (y_true = positive class)',
  fpr: 'no negatives (y_true ≠ positive class)',
  tnr: 'no negatives (y_true ≠ positive class)',
  precision: 'no predicted positives',
};

function ratio(num: number, den: number): Rate {
  return den > 0 ? num / den : null;
}

/** One-vs-rest rates of a positive class from its cells. */
export function ovrRates(c: BinaryCells): OvrRates {
  return {
    selection_rate: ratio(c.tp + c.fp, c.tp + c.fp + c.tn + c.fn),
    tpr: ratio(c.tp, c.tp + c.fn),
    fpr: ratio(c.fp, c.fp + c.tn),
    tnr: ratio(c.tn, c.fp + c.tn),
    fnr: ratio(c.fn, c.tp + c.fn),
    precision: ratio(c.tp, c.tp + c.fp),
  };
}

const NULL_RATES: OvrRates = {
  selection_rate: null,
  tpr: null,
  fpr: null,
  tnr: null,
  fnr: null,
  precision: null,
};

function noteNulls(rates: OvrRates, group: string, suffix: string, out: UndefinedRate[]): void {
  for (const name of OVR_RATE_NAMES) {
    if (rates[name] === null) out.push({ group, metric: name + suffix, reason: REASONS[name] });
  }
}

/**
 * Builds the table. `positive` is the index of the positive class in set.classes, or -1
 * (multiclass without a positive label: binary rates are null, see by_class).
 * Accuracy is exact-match accuracy over all classes.
 */
export function buildTable(set: ConfusionSet, positive: number, auc?: AucValues): MetricTable {
  const k = set.classes.length;
  const undefinedRates: UndefinedRate[] = [];
  const confusion: Record<string, BinaryCells> = {};
  const perClass = k > 2;
  const classOverall: Record<string, OvrRates> = {};
  const classByGroup: Record<string, Record<string, OvrRates>> = {};

  const row = (g: number, name: string, count: number): GroupMetrics => {
    const matrix = groupMatrix(set, g);
    const { correct, total } = matrixTrace(matrix, k);
    const accuracy = ratio(correct, total);
    if (accuracy === null)
      undefinedRates.push({ group: name, metric: 'accuracy', reason: REASONS.selection_rate });
    let rates = NULL_RATES;
    if (positive >= 0) {
      const cells = binaryCells(matrix, k, positive);
      if (g >= 0) confusion[name] = cells;
      rates = ovrRates(cells);
      noteNulls(rates, name, '', undefinedRates);
    }
    if (perClass) {
      const byClass: Record<string, OvrRates> = {};
      set.classes.forEach((cls, c) => {
        byClass[cls] = ovrRates(binaryCells(matrix, k, c));
        noteNulls(byClass[cls], name, `[class=${cls}]`, undefinedRates);
      });
      if (g >= 0) classByGroup[name] = byClass;
      else Object.assign(classOverall, byClass);
    }
    const metrics: GroupMetrics = { accuracy, ...rates, count, weight: total };
    if (auc) metrics.roc_auc = g >= 0 ? auc.byGroup[g] : auc.overall;
    return metrics;
  };

  const by_group: Record<string, GroupMetrics> = {};
  set.groups.forEach((name, g) => (by_group[name] = row(g, name, set.rows[g])));
  const totalRows = set.rows.reduce((a, b) => a + b, 0);
  const overall = row(-1, 'overall', totalRows);
  if (auc) undefinedRates.push(...auc.reasons);

  const table: MetricTable = {
    classes: set.classes,
    groups: set.groups,
    positive: positive >= 0 ? set.classes[positive] : null,
    overall,
    by_group,
    undefined: undefinedRates,
  };
  if (positive >= 0) table.confusion = confusion;
  if (perClass) table.by_class = { overall: classOverall, by_group: classByGroup };
  return table;
}
