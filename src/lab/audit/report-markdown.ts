/**
 * A model-card "Quantitative analyses" section: what was audited and how (including the exact
 * preprocessing), a per-group table with intervals, and the largest gaps in words.
 */
import type { Interval } from '../fairness/percentile';
import { describeInput, type AuditMapping } from './mapping';
import type { AuditReport, ClassificationAuditReport, IdentificationAuditReport } from './report';
import {
  CLASS_METRICS,
  classRows,
  GAP_METRICS,
  groupings,
  NO_GROUPS,
  isIdentification,
  largestGaps,
  metricInterval,
  metricValue,
  type Gap,
  type GroupingTable,
  type TableMetric,
} from './report-table';

const LABELS: Record<TableMetric, string> = {
  accuracy: 'Accuracy',
  selection_rate: 'Selection rate',
  tpr: 'TPR',
  fpr: 'FPR',
  tnr: 'TNR',
  fnr: 'FNR',
  precision: 'Precision',
  roc_auc: 'ROC-AUC',
};

export function reportMarkdown(report: AuditReport): string {
  const lines = ['## Quantitative analyses', '', ...setup(report), ''];
  if (isIdentification(report)) lines.push(...identificationSection(report));
  else lines.push(...classificationSections(report));
  if (report.warnings.length > 0) lines.push('### Caveats', '', ...report.warnings.map((w) => `- ${w}`), '');
  return lines.join('\n');
}

function setup(report: AuditReport): string[] {
  const model = report.model
    ? `${report.model.name} (${report.model.format}, ${report.model.params.toLocaleString('en-US')} parameters, ${mib(report.model.size_bytes)})`
    : 'predictions imported from CSV';
  const d = report.dataset;
  const lines = [
    `- **Model:** ${model}`,
    `- **Data:** ${d.name}${d.format ? ` (${d.format})` : ''}, split ${d.split}; ${d.n_audited} images audited, ` +
      `${report.n_filtered} filtered out, ${report.n_skipped} skipped`,
    `- **Target:** ${d.target}; groups: ${report.group_attributes.length > 0 ? report.group_attributes.join(' × ') : 'no groups given (overall and per class only)'}`,
    `- **Filters:** ${report.filters.length > 0 ? report.filters.map((f) => `\`${f}\``).join(', ') : 'none'}`,
  ];
  if (report.mapping) lines.push(...mappingLines(report.mapping));
  for (const s of report.skipped) lines.push(`- Skipped ${s.count}: ${s.reason}`);
  lines.push(`- **Backend:** ${report.backend ?? 'n/a'}; created ${report.created}`);
  return lines;
}

function mappingLines(mapping: AuditMapping): string[] {
  const out = mapping.output;
  let output: string;
  if (out.kind === 'sigmoid') {
    output = `\`${out.output}\` read as P(${out.positive}); ≥ ${out.threshold} → ${out.positive}, else ${out.negative}`;
  } else if (out.kind === 'classes') {
    output = `\`${out.output}\`${out.activation === 'softmax' ? ' (logits, softmax)' : ''} → argmax over ${out.classNames.join(', ')}`;
  } else {
    output = `\`${out.output}\` as an embedding; leave-one-out nearest-neighbour ranks (cosine)`;
  }
  const labelMap = out.kind !== 'embedding' && out.labelMap ? Object.entries(out.labelMap) : [];
  return [
    `- **Preprocessing:** ${describeInput(mapping.input)}${mapping.source ? ` (${mapping.source})` : ''}`,
    `- **Output:** ${output}`,
    ...(labelMap.length > 0
      ? [`- **Label map:** ${labelMap.map(([m, d]) => `${m} → ${d}`).join(', ')}`]
      : []),
    ...(mapping.notes ?? []).map((n) => `- Note: ${n}`),
  ];
}

function classificationSections(report: ClassificationAuditReport): string[] {
  const level = report.ci ? `${Math.round(report.ci.level * 100)}% CI` : null;
  const lines: string[] = [];
  if (report.meta.pos_label !== null) lines.push(`Positive label: **${report.meta.pos_label}**.`, '');
  if (report.ci) {
    lines.push(
      `Intervals: ${report.ci.method} bootstrap, ${report.ci.replicates} replicates (seed ${report.ci.seed}), ${report.ci.resampling}.`,
      '',
    );
  }
  for (const table of groupings(report)) {
    const heading = table.grouping === NO_GROUPS ? 'Overall' : `By ${table.grouping.split('|').join(' × ')}`;
    lines.push(`### ${heading}`, '', ...groupTable(table, level), '');
    const gaps = largestGaps(table);
    if (gaps.length > 0)
      lines.push('Largest gaps:', '', ...gaps.map((g) => `- ${gapSentence(g, level)}`), '');
  }
  const classes = classRows(report);
  if (classes.length > 0) {
    lines.push(
      '### Per class (one-vs-rest, all images)',
      '',
      `| Class | ${CLASS_METRICS.map((m) => CLASS_LABELS[m]).join(' | ')} |`,
      `| --- | ${CLASS_METRICS.map(() => '---').join(' | ')} |`,
      ...classes.map(
        ({ label, rates }) => `| ${label} | ${CLASS_METRICS.map((m) => fmt(rates[m])).join(' | ')} |`,
      ),
      '',
    );
  }
  if (report.aif360) {
    const a = report.aif360;
    lines.push(
      `### AIF360 view (privileged: ${a.privileged_group}; unprivileged − privileged)`,
      '',
      '| Metric | Value |',
      '| --- | --- |',
      ...Object.entries(a)
        .filter(([k]) => k !== 'privileged_group')
        .map(([k, v]) => `| ${k} | ${withInterval(v as number | null, report.ci?.aif360?.[k] ?? null)} |`),
      '',
    );
  }
  return lines;
}

const CLASS_LABELS: Record<(typeof CLASS_METRICS)[number], string> = {
  tpr: 'Recall (class accuracy)',
  precision: 'Precision',
  selection_rate: 'Selection rate',
  fpr: 'FPR',
};

function groupTable(table: GroupingTable, level: string | null): string[] {
  const metrics = GAP_METRICS.filter((m) => table.metrics.includes(m));
  const suffix = level ? ` (${level})` : '';
  const header = `| Group | n | ${metrics.map((m) => LABELS[m] + suffix).join(' | ')} |`;
  const rule = `| --- | ---: | ${metrics.map(() => '---').join(' | ')} |`;
  const rows = ['overall', ...table.report.meta.groups].map((group) => {
    const count = group === 'overall' ? table.report.overall.count : table.report.by_group[group].count;
    const cells = metrics.map((m) =>
      withInterval(metricValue(table.report, group, m), metricInterval(table.report, group, m)),
    );
    return `| ${group === 'overall' ? '**overall**' : group} | ${count} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows];
}

function gapSentence(gap: Gap, level: string | null): string {
  const ci = gap.interval && level ? ` (${level} ${fmt(gap.interval[0])}–${fmt(gap.interval[1])})` : '';
  return (
    `${LABELS[gap.metric]} is lowest for **${gap.low.group}** (${fmt(gap.low.value)}, n=${gap.low.count}) and highest for ` +
    `**${gap.high.group}** (${fmt(gap.high.value)}, n=${gap.high.count}): a gap of ${fmt(gap.gap)}${ci}.`
  );
}

function identificationSection(report: IdentificationAuditReport): string[] {
  return [
    `### Identification by ${report.group_attributes.join(' × ')}`,
    '',
    '| Group | n | Rank-0 accuracy | Error | Mean rank |',
    '| --- | ---: | --- | --- | --- |',
    ...Object.entries(report.by_group).map(
      ([g, v]) => `| ${g} | ${v.count} | ${fmt(v.acc)} | ${fmt(v.error)} | ${fmt(v.mean_rank)} |`,
    ),
    '',
    `Error ${fmt(report.error)}; disparity ${fmt(report.disparity)}; rank disparity ${fmt(report.rank_disparity)}; ` +
      `ratio ${fmt(report.ratio)}; rank ratio ${fmt(report.rank_ratio)}; error ratio ${fmt(report.error_ratio)}` +
      (report.excluded > 0 ? `; ${report.excluded} probes without a mate excluded.` : '.'),
    '',
  ];
}

function withInterval(value: number | null, interval: Interval | null): string {
  if (value === null) return '—';
  return interval ? `${fmt(value)} [${fmt(interval[0])}, ${fmt(interval[1])}]` : fmt(value);
}

function fmt(value: number | null): string {
  return value === null ? '—' : value.toFixed(3);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
