/**
 * The per-group report of a post-processing run, computed by the fairness module's
 * classificationReport (never recomputed here). A randomised classifier is reported in
 * expectation: each row enters twice, as ŷ = 1 with weight P(ŷ = 1) and as ŷ = 0 with weight
 * 1 − P, so every rate is the expected rate over the randomisation (Fairlearn's _pmf_predict).
 */
import { classificationReport, type ClassificationReport, type Rate } from '../fairness';
import type { Constraint } from './threshold-optimizer';

export interface PostprocessGroupRow {
  /** Rows of the group. */
  count: number;
  selection_rate: Rate;
  tpr: Rate;
  fpr: Rate;
  tnr: Rate;
  fnr: Rate;
  accuracy: Rate;
  balanced_accuracy: Rate;
}

export interface PostprocessReport {
  n: number;
  accuracy: Rate;
  /** (TPR + TNR) / 2 over all rows. */
  balanced_accuracy: Rate;
  selection_rate: Rate;
  by_group: Record<string, PostprocessGroupRow>;
  /** Each constraint's gap between groups (max − min of its rate; equalized_odds: the larger of the TPR and FPR gaps). */
  gaps: Record<Constraint, Rate>;
  warnings: string[];
}

const mean = (a: Rate, b: Rate): Rate => (a === null || b === null ? null : (a + b) / 2);

function compact(report: ClassificationReport): PostprocessReport {
  const by_group: Record<string, PostprocessGroupRow> = {};
  for (const [group, row] of Object.entries(report.by_group)) {
    by_group[group] = {
      // The weights of a row's two copies add up to 1, so the weight is the row count.
      count: Math.round(row.weight),
      selection_rate: row.selection_rate,
      tpr: row.tpr,
      fpr: row.fpr,
      tnr: row.tnr,
      fnr: row.fnr,
      accuracy: row.accuracy,
      balanced_accuracy: mean(row.tpr, row.tnr),
    };
  }
  const d = report.disparities;
  return {
    n: Math.round(report.overall.weight),
    accuracy: report.overall.accuracy,
    balanced_accuracy: mean(report.overall.tpr, report.overall.tnr),
    selection_rate: report.overall.selection_rate,
    by_group,
    gaps: {
      demographic_parity: d.demographic_parity_difference,
      equalized_odds: d.equalized_odds_difference,
      true_positive_rate_parity: d.tpr_difference,
      false_positive_rate_parity: d.fpr_difference,
      // TNR = 1 − FPR and FNR = 1 − TPR within a group, so their gaps are the same numbers.
      true_negative_rate_parity: d.fpr_difference,
      false_negative_rate_parity: d.tpr_difference,
    },
    warnings: report.warnings,
  };
}

/** The report of hard decisions (0/1 per row). */
export function decisionReport(
  labels: ArrayLike<number>,
  decisions: ArrayLike<number>,
  groups: readonly string[],
): PostprocessReport {
  return compact(classificationReport({ yTrue: labels, yPred: decisions, groups, posLabel: 1, minCount: 0 }));
}

/** The expected report of randomised decisions, P(ŷ = 1) per row. */
export function expectedReport(
  labels: ArrayLike<number>,
  positiveProbabilities: ArrayLike<number>,
  groups: readonly string[],
): PostprocessReport {
  const n = labels.length;
  const yTrue = new Uint8Array(2 * n);
  const yPred = new Uint8Array(2 * n);
  const weights = new Float64Array(2 * n);
  const doubled = new Array<string>(2 * n);
  for (let i = 0; i < n; i++) {
    const p = positiveProbabilities[i];
    yTrue[2 * i] = yTrue[2 * i + 1] = labels[i];
    yPred[2 * i] = 1;
    weights[2 * i] = p;
    weights[2 * i + 1] = 1 - p;
    doubled[2 * i] = doubled[2 * i + 1] = groups[i];
  }
  return compact(classificationReport({ yTrue, yPred, groups: doubled, weights, posLabel: 1, minCount: 0 }));
}
