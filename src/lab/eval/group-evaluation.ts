import { classificationReport, type ClassificationReport } from '../fairness';
import type { SplitName } from '../data/types';
import type { SplitPredictions } from './predict';

/** A trained classifier's result per group: the scatter's point and the per-group panel's report. */
export interface GroupEvaluation {
  kind: 'classification';
  split: SplitName;
  target: string;
  groupAttribute: string;
  /** Images evaluated (those with a known group). */
  n: number;
  /** Null where undefined (the fairness module's null policy). */
  accuracy: number | null;
  byGroup: Record<string, { accuracy: number | null; count: number }>;
  /** Max − min of the per-group accuracies; null when fewer than two are defined. */
  accuracyDifference: number | null;
  /** The full Fairlearn-style table, disparities and bootstrap intervals. */
  report: ClassificationReport;
}

export interface GroupEvaluationOptions {
  bootstrap?: number;
  seed?: number;
  /** Positive class of the binary rates; default the second of two classes (as 1 of {0, 1}). */
  positive?: string;
}

/** Per-group accuracy of one sensitive attribute, derived from the fairness module's one table. */
export function evaluateByGroup(
  predictions: SplitPredictions,
  groupAttribute: string,
  options: GroupEvaluationOptions = {},
): GroupEvaluation {
  const codes = predictions.groups[groupAttribute];
  const values = predictions.groupValues[groupAttribute];
  if (!codes || !values) throw new Error(`Predictions carry no sensitive attribute "${groupAttribute}"`);
  const yTrue: string[] = [];
  const yPred: string[] = [];
  const groups: string[] = [];
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] < 0) continue;
    yTrue.push(predictions.classNames[predictions.yTrue[i]]);
    yPred.push(predictions.classNames[predictions.yPred[i]]);
    groups.push(values[codes[i]]);
  }
  const binary = predictions.classNames.length === 2;
  const report = classificationReport({
    yTrue,
    yPred,
    groups,
    posLabel: options.positive ?? (binary ? predictions.classNames[1] : undefined),
    bootstrap: options.bootstrap ?? 1000,
    seed: options.seed ?? 0,
  });
  const byGroup: GroupEvaluation['byGroup'] = {};
  for (const [group, metrics] of Object.entries(report.by_group)) {
    byGroup[group] = { accuracy: metrics.accuracy, count: metrics.count };
  }
  return {
    kind: 'classification',
    split: predictions.split,
    target: predictions.target,
    groupAttribute,
    n: groups.length,
    accuracy: report.overall.accuracy,
    byGroup,
    accuracyDifference: report.disparities.accuracy_difference ?? null,
    report,
  };
}
