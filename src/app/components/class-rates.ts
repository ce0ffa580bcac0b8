/**
 * A multiclass report seen one class at a time. The report's `by_class` holds each class's
 * one-vs-rest rates per group (that class positive, every other class negative); from them this
 * file builds the per-class table (TPR: the share of a class's images predicted as that class),
 * a Fairlearn-style table for any chosen positive class, and macro disparities (the unweighted
 * mean over classes, as scikit-learn's average='macro').
 */
import { computeDisparities } from '../../lab/fairness/disparities';
import type { ClassificationReport } from '../../lab/fairness/report';
import type { GroupMetrics, MetricTable, OvrRateName, OvrRates, Rate } from '../../lab/fairness/table';

/** True when the report is multiclass without a positive label, so its rates live in by_class. */
export function needsPositiveClass(report: ClassificationReport): boolean {
  return report.meta.pos_label === null && report.by_class !== undefined;
}

const difference = (values: Rate[]): Rate => {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length < 2 ? null : Math.max(...defined) - Math.min(...defined);
};
const mean = (values: Rate[]): Rate => {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
};

export interface ClassRateRow {
  cls: string;
  byGroup: Record<string, Rate>;
  overall: Rate;
  /** max − min over the groups where the rate is defined. */
  difference: Rate;
}

/** One row per class: a one-vs-rest rate (default TPR) per group, overall and the gap. */
export function classRateRows(report: ClassificationReport, rate: OvrRateName = 'tpr'): ClassRateRow[] {
  const byClass = report.by_class;
  if (!byClass) return [];
  return report.meta.classes.map((cls) => {
    const byGroup = Object.fromEntries(
      report.meta.groups.map((g) => [g, byClass.by_group[g]?.[cls]?.[rate] ?? null]),
    );
    return {
      cls,
      byGroup,
      overall: byClass.overall[cls]?.[rate] ?? null,
      difference: difference(Object.values(byGroup)),
    };
  });
}

/** Each group's macro TPR (the mean of its per-class TPRs): its balanced accuracy. */
export function balancedAccuracyByGroup(report: ClassificationReport): Record<string, Rate> {
  const rows = classRateRows(report, 'tpr');
  return Object.fromEntries(report.meta.groups.map((g) => [g, mean(rows.map((r) => r.byGroup[g]))]));
}

/** A MetricTable with `cls` as the positive class, so Fairlearn's disparities apply unchanged. */
export function positiveClassTable(report: ClassificationReport, cls: string): MetricTable {
  const byClass = report.by_class;
  if (!byClass || !report.meta.classes.includes(cls))
    throw new Error(`"${cls}" is not one of the classes: ${report.meta.classes.join(', ')}`);
  const row = (metrics: GroupMetrics, rates: OvrRates | undefined): GroupMetrics => ({
    ...metrics,
    ...(rates ?? {}),
  });
  return {
    classes: report.meta.classes,
    groups: report.meta.groups,
    positive: cls,
    overall: row(report.overall, byClass.overall[cls]),
    by_group: Object.fromEntries(
      report.meta.groups.map((g) => [g, row(report.by_group[g], byClass.by_group[g]?.[cls])]),
    ),
    undefined: [],
  };
}

/** Fairlearn's disparities (demographic parity, equal opportunity, equalized odds, …) for one positive class. */
export function positiveClassDisparities(report: ClassificationReport, cls: string): Record<string, Rate> {
  return computeDisparities(positiveClassTable(report, cls), report.meta.method).values;
}

/** Disparities of a multiclass target, averaged over classes (macro) or its worst class. */
export function macroDisparities(report: ClassificationReport): Record<string, Rate> {
  const perClass = report.meta.classes.map((cls) => positiveClassDisparities(report, cls));
  const tpr = perClass.map((d) => d.tpr_difference ?? null);
  const definedTpr = tpr.filter((v): v is number => v !== null);
  return {
    macro_tpr_difference: mean(tpr),
    worst_class_tpr_difference: definedTpr.length ? Math.max(...definedTpr) : null,
    macro_equalized_odds_difference: mean(perClass.map((d) => d.equalized_odds_difference ?? null)),
    macro_demographic_parity_difference: mean(perClass.map((d) => d.demographic_parity_difference ?? null)),
    balanced_accuracy_difference: difference(Object.values(balancedAccuracyByGroup(report))),
  };
}
