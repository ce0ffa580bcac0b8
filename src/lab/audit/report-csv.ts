/**
 * The audit's per-group table as CSV: one row per group (and overall) of every grouping, then,
 * for a multiclass target, one row per class (grouping "class", one-vs-rest rates overall).
 */
import { toCsv } from '../util/csv';
import type { AuditReport } from './report';
import {
  CLASS_METRICS,
  classRows,
  groupings,
  isIdentification,
  metricInterval,
  metricValue,
  TABLE_METRICS,
} from './report-table';

export function reportCsv(report: AuditReport): string {
  if (isIdentification(report)) {
    const rows = Object.entries(report.by_group).map(([group, g]) => [
      report.group_attributes.join('|'),
      group,
      g.count,
      g.acc,
      g.error,
      g.mean_rank,
    ]);
    return toCsv(['grouping', 'group', 'count', 'accuracy', 'error', 'mean_rank'], rows);
  }
  const tables = groupings(report);
  const classes = classRows(report);
  const perClass: readonly string[] = classes.length > 0 ? CLASS_METRICS : [];
  const metrics = TABLE_METRICS.filter(
    (m) => tables.some((t) => t.metrics.includes(m)) || perClass.includes(m),
  );
  const withCi = report.ci !== undefined;
  const header = [
    'grouping',
    'group',
    'count',
    ...metrics.flatMap((m) => (withCi ? [m, `${m}_ci_low`, `${m}_ci_high`] : [m])),
  ];
  const rows: unknown[][] = [];
  for (const table of tables) {
    for (const group of ['overall', ...table.report.meta.groups]) {
      const count = group === 'overall' ? table.report.overall.count : table.report.by_group[group].count;
      const cells = metrics.flatMap((m) => {
        const value = metricValue(table.report, group, m);
        if (!withCi) return [value ?? ''];
        const ci = metricInterval(table.report, group, m);
        return [value ?? '', ci?.[0] ?? '', ci?.[1] ?? ''];
      });
      rows.push([table.grouping, group, count, ...cells]);
    }
  }
  for (const { label, rates } of classes) {
    const cells = metrics.flatMap((m) => {
      const value = m === 'accuracy' || m === 'roc_auc' ? null : rates[m];
      return withCi ? [value ?? '', '', ''] : [value ?? ''];
    });
    rows.push(['class', label, '', ...cells]);
  }
  return toCsv(header, rows);
}
