/**
 * Fairlearn's disparities, all derived from one MetricTable:
 *   difference = max − min (≥ 0), ratio = min / max (≤ 1) over the groups ('between_groups'),
 *   or max |g − overall| and min over groups of min(g/overall, overall/g) ('to_overall').
 *
 * Null rates: a group whose rate is undefined (null) is skipped, and a note names it.
 * A disparity is null when fewer than two groups (between_groups) or no group and the
 * overall row (to_overall) are defined, or when a ratio would be 0/0. The equalized-odds
 * combinations are null when either of TPR and FPR disparities is null.
 */
import type { MetricTable, Rate } from './table';

export type DisparityMethod = 'between_groups' | 'to_overall';
export type DisparityMetric =
  'accuracy' | 'selection_rate' | 'tpr' | 'fpr' | 'tnr' | 'fnr' | 'precision' | 'roc_auc';

export interface DisparityResult {
  value: Rate;
  /** Groups skipped because their rate is undefined. */
  skipped: string[];
}

function definedValues(table: MetricTable, metric: DisparityMetric): { values: number[]; skipped: string[] } {
  const values: number[] = [];
  const skipped: string[] = [];
  for (const group of table.groups) {
    const value = table.by_group[group][metric];
    if (value === null || value === undefined) skipped.push(group);
    else values.push(value);
  }
  return { values, skipped };
}

export function difference(
  table: MetricTable,
  metric: DisparityMetric,
  method: DisparityMethod,
): DisparityResult {
  const { values, skipped } = definedValues(table, metric);
  if (method === 'to_overall') {
    const overall = table.overall[metric];
    if (overall === null || overall === undefined || values.length === 0) return { value: null, skipped };
    return { value: Math.max(...values.map((v) => Math.abs(v - overall))), skipped };
  }
  if (values.length < 2) return { value: null, skipped };
  return { value: Math.max(...values) - Math.min(...values), skipped };
}

export function ratio(table: MetricTable, metric: DisparityMetric, method: DisparityMethod): DisparityResult {
  const { values, skipped } = definedValues(table, metric);
  if (method === 'to_overall') {
    const overall = table.overall[metric];
    if (overall === null || overall === undefined || overall === 0 || values.length === 0)
      return { value: null, skipped };
    const ratios = values.map((v) => (v === 0 ? 0 : Math.min(v / overall, overall / v)));
    return { value: Math.min(...ratios), skipped };
  }
  const max = Math.max(...values);
  if (values.length < 2 || max === 0) return { value: null, skipped };
  return { value: Math.min(...values) / max, skipped };
}

export interface Disparities {
  values: Record<string, Rate>;
  /** One line per metric that skipped groups or came out null. */
  notes: string[];
}

const PAIRS: Record<string, DisparityMetric> = {
  demographic_parity: 'selection_rate',
  equal_opportunity: 'tpr',
  accuracy: 'accuracy',
  selection_rate: 'selection_rate',
  tpr: 'tpr',
  fpr: 'fpr',
};

const meanOf = (a: Rate, b: Rate): Rate => (a === null || b === null ? null : (a + b) / 2);
const worst = (a: Rate, b: Rate, pick: (x: number, y: number) => number): Rate =>
  a === null || b === null ? null : pick(a, b);

/** Every named disparity of the table (binary names only when there is a positive class). */
export function computeDisparities(
  table: MetricTable,
  method: DisparityMethod = 'between_groups',
): Disparities {
  const values: Record<string, Rate> = {};
  const notes: string[] = [];
  const binary = table.positive !== null;
  const hasAuc = table.overall.roc_auc !== undefined;
  const noted = new Set<DisparityMetric>();
  const add = (name: string, metric: DisparityMetric, kind: 'difference' | 'ratio') => {
    const result = (kind === 'difference' ? difference : ratio)(table, metric, method);
    values[`${name}_${kind}`] = result.value;
    if (result.skipped.length > 0 && !noted.has(metric)) {
      noted.add(metric);
      notes.push(`${metric}: skipped group(s) ${result.skipped.join(', ')} (rate undefined)`);
    }
    if (result.value === null) notes.push(`${name}_${kind}: undefined (too few defined groups, or 0/0)`);
  };
  for (const [name, metric] of Object.entries(PAIRS)) {
    if (!binary && metric !== 'accuracy') continue;
    add(name, metric, 'difference');
    add(name, metric, 'ratio');
  }
  if (hasAuc) {
    add('roc_auc', 'roc_auc', 'difference');
    add('roc_auc', 'roc_auc', 'ratio');
  }
  if (binary) {
    const { tpr_difference, fpr_difference, tpr_ratio, fpr_ratio } = values;
    values.equalized_odds_difference = worst(tpr_difference, fpr_difference, Math.max);
    values.equalized_odds_ratio = worst(tpr_ratio, fpr_ratio, Math.min);
    values.equalized_odds_difference_mean = meanOf(tpr_difference, fpr_difference);
    values.equalized_odds_ratio_mean = meanOf(tpr_ratio, fpr_ratio);
  }
  return { values, notes };
}
