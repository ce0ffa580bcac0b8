import { useMemo, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Aif360Metrics } from '../../lab/fairness/aif360';
import { AIF360_NAMES, aif360Metrics } from '../../lab/fairness/aif360';
import type { Interval } from '../../lab/fairness/percentile';
import type { ClassificationReport } from '../../lab/fairness/report';
import type { GroupMetrics, Rate } from '../../lab/fairness/table';
import { needsPositiveClass, positiveClassDisparities, positiveClassTable } from './class-rates';
import { PerClassTable } from './PerClassTable';
import { niceTicks } from './nice-ticks';

export interface GroupMetricsPanelProps {
  /** The object classificationReport (and `lab metrics --json`) produces. */
  report: ClassificationReport;
  /** Signed AIF360 metrics for a privileged group; default: recomputed from report.confusion. */
  computeAif360?: (privileged: string) => Aif360Metrics;
  /** Metric of the bars (default accuracy). */
  initialMetric?: string;
  title?: string;
}

type View = 'fairlearn' | 'aif360';

const METRICS = ['accuracy', 'selection_rate', 'tpr', 'fpr', 'tnr', 'fnr', 'precision', 'roc_auc'] as const;
type Metric = (typeof METRICS)[number];

const METRIC_NAMES: Record<Metric, string> = {
  accuracy: 'accuracy',
  selection_rate: 'selection rate',
  tpr: 'TPR (recall)',
  fpr: 'FPR',
  tnr: 'TNR',
  fnr: 'FNR',
  precision: 'precision',
  roc_auc: 'ROC-AUC',
};

/** The report's own note that sends JSON readers to `by_class`; the panel shows that table instead. */
const BY_CLASS_NOTE = /see by_class/;

const fmt = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : value.toFixed(3);
const fmtCi = (ci: Interval | null | undefined) => (ci ? `[${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]` : '');

/**
 * Per-group bars (with bootstrap whiskers when the report has intervals), the per-group table
 * and a disparity table in Fairlearn's unsigned view or AIF360's signed view. A multiclass target
 * without a positive label shows per-class, per-group TPR and macro disparities, or the binary
 * rates of a positive class the user picks. Presentational: it only reads the report.
 */
export function GroupMetricsPanel({
  report,
  computeAif360,
  initialMetric = 'accuracy',
  title,
}: GroupMetricsPanelProps) {
  const groups = report.meta.groups;
  const multiclass = needsPositiveClass(report);
  const [positive, setPositive] = useState<string | null>(null);
  const chosen = multiclass && positive !== null ? positiveClassTable(report, positive) : null;
  const binary = report.meta.pos_label !== null || chosen !== null;
  const metrics = METRICS.filter((m) =>
    m === 'roc_auc' ? report.meta.scores && !chosen : binary || m === 'accuracy',
  );
  const [metricChoice, setMetric] = useState<string>(initialMetric);
  const metric: Metric = (metrics as readonly string[]).includes(metricChoice)
    ? (metricChoice as Metric)
    : 'accuracy';
  // The signed view needs each group's confusion cells, which the report holds for its own positive label only.
  const canSign = !chosen && (Boolean(report.confusion) || Boolean(computeAif360));
  const [view, setView] = useState<View>('fairlearn');
  const shownView: View = canSign ? view : 'fairlearn';
  const [privileged, setPrivileged] = useState(report.aif360?.privileged_group ?? groups[0]);

  const signed = useMemo(() => {
    if (shownView !== 'aif360') return null;
    if (computeAif360) return computeAif360(privileged);
    return report.confusion ? aif360Metrics(report.confusion, privileged) : null;
  }, [shownView, computeAif360, privileged, report.confusion]);

  const rows: Record<string, GroupMetrics> = chosen?.by_group ?? report.by_group;
  // Bootstrap intervals were drawn for the report's own rates, so they go with those alone.
  const ci = chosen ? undefined : report.ci;
  const disparities: Record<string, Rate> = chosen
    ? positiveClassDisparities(report, positive!)
    : report.disparities;
  const data = groups.map((group) => {
    const value = rows[group][metric] ?? null;
    const interval = ci?.by_group[group]?.[metric];
    return {
      group,
      value,
      error:
        value !== null && interval
          ? [Math.max(0, value - interval[0]), Math.max(0, interval[1] - value)]
          : undefined,
    };
  });
  const overall = (chosen?.overall ?? report.overall)[metric] ?? null;
  const small = new Set(report.small_groups);
  const yTicks = niceTicks(0, 1, 5);
  const metricName = `${METRIC_NAMES[metric]}${chosen ? ` of “${positive}”` : ''}`;
  const warnings = report.warnings.filter((w) => !BY_CLASS_NOTE.test(w));
  // Per-class rates that are 0/0 show as "—" in their tables; list only what this view shows.
  const undefinedShown = report.undefined.filter((u) =>
    chosen ? u.metric === `${metric}[class=${positive}]` : u.metric === metric,
  );

  return (
    <div className="card" data-testid="group-metrics-panel">
      {title && <h2>{title}</h2>}
      {multiclass && (
        <p className="muted" data-testid="multiclass-note">
          This target has {report.meta.classes.length} classes ({report.meta.classes.join(', ')}), so rates
          such as TPR and FPR need a positive class: read them per class in the table below (each class
          against the rest), or choose one as positive.
        </p>
      )}
      <div className="row">
        {multiclass && (
          <label>
            positive class
            <select
              value={positive ?? ''}
              onChange={(e) => setPositive(e.target.value === '' ? null : e.target.value)}
              data-testid="positive-class"
            >
              <option value="">none: accuracy over all classes</option>
              {report.meta.classes.map((c) => (
                <option key={c} value={c}>
                  {c} (against the rest)
                </option>
              ))}
            </select>
          </label>
        )}
        {metrics.length > 1 ? (
          <label>
            metric
            <select value={metric} onChange={(e) => setMetric(e.target.value)} data-testid="metric-select">
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {METRIC_NAMES[m]}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted" data-testid="metric-fixed">
            Bars: accuracy (share of images whose class is predicted right)
          </span>
        )}
        {canSign ? (
          <button
            type="button"
            data-testid="view-toggle"
            onClick={() => setView(view === 'fairlearn' ? 'aif360' : 'fairlearn')}
          >
            {view === 'fairlearn' ? 'Show signed (AIF360) view' : 'Show unsigned (Fairlearn) view'}
          </button>
        ) : (
          <span className="muted" data-testid="view-toggle-reason">
            {chosen
              ? 'The signed AIF360 view needs confusion counts per group for a positive label; this report keeps them only for its own label, so the unsigned (Fairlearn) view is shown.'
              : 'The signed AIF360 view needs a positive label: it is offered for two-class targets.'}
          </span>
        )}
        {shownView === 'aif360' && (
          <label>
            privileged group
            <select
              value={privileged}
              onChange={(e) => setPrivileged(e.target.value)}
              data-testid="privileged-select"
            >
              {groups.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>

      <div className="chart" data-testid="group-metrics-chart" data-metric={metric}>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="group" />
            <YAxis domain={[0, 1]} ticks={yTicks.ticks} width={48} tickFormatter={yTicks.format} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
            {overall !== null && (
              <ReferenceLine y={overall} stroke="#718096" strokeDasharray="4 4" label="overall" />
            )}
            <Bar dataKey="value" name={metricName} fill="#2b6cb0" isAnimationActive={false}>
              {ci && (
                <ErrorBar
                  dataKey="error"
                  width={6}
                  stroke="#1a202c"
                  direction="y"
                  isAnimationActive={false}
                />
              )}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>

      <table className="table" data-testid="group-table">
        <thead>
          <tr>
            <th>group</th>
            <th>n</th>
            <th>{metricName}</th>
            {ci && <th>{Math.round(ci.level * 100)}% CI</th>}
          </tr>
        </thead>
        <tbody>
          {data.map(({ group, value }) => (
            <tr key={group} data-testid={`group-row-${group}`}>
              <td>
                {group}
                {small.has(group) && (
                  <span className="muted" title={`fewer than ${report.meta.min_count} rows`}>
                    {' '}
                    (small)
                  </span>
                )}
              </td>
              <td>{report.by_group[group].count}</td>
              <td>{fmt(value)}</td>
              {ci && <td>{fmtCi(ci.by_group[group]?.[metric])}</td>}
            </tr>
          ))}
        </tbody>
      </table>

      <table className="table" data-testid="disparity-table" data-view={shownView}>
        <thead>
          <tr>
            <th>
              {shownView === 'fairlearn'
                ? `disparity (unsigned${chosen ? `, “${positive}” positive` : ''})`
                : `signed vs ${privileged} (unprivileged − privileged)`}
            </th>
            <th>value</th>
            {ci && <th>CI</th>}
          </tr>
        </thead>
        <tbody>
          {shownView === 'fairlearn'
            ? Object.entries(disparities).map(([name, value]) => (
                <tr key={name} data-testid={`disparity-${name}`}>
                  <td>{name}</td>
                  <td>{fmt(value)}</td>
                  {ci && <td>{fmtCi(ci.disparities[name])}</td>}
                </tr>
              ))
            : signed &&
              AIF360_NAMES.map((name) => (
                <tr key={name} data-testid={`disparity-${name}`}>
                  <td>{name}</td>
                  <td>{fmt(signed[name])}</td>
                  {ci && (
                    <td>{report.aif360?.privileged_group === privileged ? fmtCi(ci.aif360?.[name]) : ''}</td>
                  )}
                </tr>
              ))}
        </tbody>
      </table>

      {multiclass && <PerClassTable report={report} />}

      {(warnings.length > 0 || undefinedShown.length > 0) && (
        <ul className="muted" data-testid="metrics-warnings">
          {undefinedShown.map((u) => (
            <li key={`${u.group}-${u.metric}`}>
              {u.group}: {metricName} undefined ({u.reason})
            </li>
          ))}
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
