/**
 * The per-group rows of an audit report, shared by the CSV and the Markdown views: one
 * grouping per group attribute set (the intersection first, then each attribute alone).
 */
import type { ClassificationReport } from '../fairness/report';
import type { OvrRates } from '../fairness/table';
import type { Interval } from '../fairness/percentile';
import type { AuditReport, ClassificationAuditReport, IdentificationAuditReport } from './report';

export const TABLE_METRICS = [
  'accuracy',
  'selection_rate',
  'tpr',
  'fpr',
  'tnr',
  'fnr',
  'precision',
  'roc_auc',
] as const;
export type TableMetric = (typeof TABLE_METRICS)[number];

/** Metrics compared in words (TNR and FNR are 1 − FPR and 1 − TPR, so they add nothing). */
export const GAP_METRICS: readonly TableMetric[] = [
  'accuracy',
  'selection_rate',
  'tpr',
  'fpr',
  'precision',
  'roc_auc',
];

export interface GroupingTable {
  /** "race", or "race|gender" for the intersection. */
  grouping: string;
  report: ClassificationReport;
  /** Metrics that have a value in at least one row. */
  metrics: TableMetric[];
}

export function isIdentification(report: AuditReport): report is IdentificationAuditReport {
  return report.kind === 'identification';
}

/** The grouping name of a report without group attributes. */
export const NO_GROUPS = 'no groups';

/** The top-level grouping, then each attribute alone (when there are several). */
export function groupings(report: ClassificationAuditReport): GroupingTable[] {
  const top = report.group_attributes.length > 0 ? report.group_attributes.join('|') : NO_GROUPS;
  const tables: GroupingTable[] = [{ grouping: top, report, metrics: [] }];
  for (const [name, sub] of Object.entries(report.by_attribute ?? {}))
    tables.push({ grouping: name, report: sub, metrics: [] });
  for (const table of tables) {
    const rows = [table.report.overall, ...Object.values(table.report.by_group)];
    table.metrics = TABLE_METRICS.filter((m) => rows.some((row) => row[m] !== null && row[m] !== undefined));
  }
  return tables;
}

/** A metric's value in a row ("overall" or a group name). */
export function metricValue(report: ClassificationReport, group: string, metric: TableMetric): number | null {
  const row = group === 'overall' ? report.overall : report.by_group[group];
  return row?.[metric] ?? null;
}

/** A metric's bootstrap interval in a row, when intervals were computed. */
export function metricInterval(
  report: ClassificationReport,
  group: string,
  metric: TableMetric,
): Interval | null {
  if (!report.ci) return null;
  const block = group === 'overall' ? report.ci.overall : report.ci.by_group[group];
  return block?.[metric] ?? null;
}

export interface Gap {
  grouping: string;
  metric: TableMetric;
  low: { group: string; value: number; count: number };
  high: { group: string; value: number; count: number };
  gap: number;
  /** Interval of the matching `<metric>_difference` disparity, when there is one. */
  interval: Interval | null;
}

/** Largest max − min gaps across groups, biggest first. */
export function largestGaps(table: GroupingTable, limit = 3): Gap[] {
  const gaps: Gap[] = [];
  for (const metric of table.metrics.filter((m) => GAP_METRICS.includes(m))) {
    const defined = Object.entries(table.report.by_group)
      .filter(([, row]) => row[metric] !== null && row[metric] !== undefined)
      .map(([group, row]) => ({ group, value: row[metric] as number, count: row.count }));
    if (defined.length < 2) continue;
    defined.sort((a, b) => a.value - b.value);
    const low = defined[0];
    const high = defined[defined.length - 1];
    gaps.push({
      grouping: table.grouping,
      metric,
      low,
      high,
      gap: high.value - low.value,
      interval: table.report.ci?.disparities[`${metric}_difference`] ?? null,
    });
  }
  return gaps.sort((a, b) => b.gap - a.gap).slice(0, limit);
}

/** One-vs-rest rates of each class, overall: recall (tpr) is the class's own accuracy. */
export interface ClassRow {
  label: string;
  rates: OvrRates;
}

/** Per-class rows from `by_class` (multiclass targets); [] for binary ones, whose overall row has them. */
export function classRows(report: ClassificationReport): ClassRow[] {
  return Object.entries(report.by_class?.overall ?? {}).map(([label, rates]) => ({ label, rates }));
}

export const CLASS_METRICS = ['tpr', 'precision', 'selection_rate', 'fpr'] as const;
