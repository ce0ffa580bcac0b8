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
import type { GroupMetrics } from '../../lab/fairness/table';

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

const fmt = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : value.toFixed(3);
const fmtCi = (ci: Interval | null | undefined) => (ci ? `[${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]` : '');

function valueOf(row: GroupMetrics, metric: Metric): number | null {
  return row[metric] ?? null;
}

/**
 * Per-group bars (with bootstrap whiskers when the report has intervals), the per-group table
 * and a disparity table in Fairlearn's unsigned view or AIF360's signed view.
 * Presentational: it only reads the report.
 */
export function GroupMetricsPanel({
  report,
  computeAif360,
  initialMetric = 'accuracy',
  title,
}: GroupMetricsPanelProps) {
  const groups = report.meta.groups;
  const binary = report.meta.pos_label !== null;
  const metrics = METRICS.filter((m) => (m === 'roc_auc' ? report.meta.scores : binary || m === 'accuracy'));
  const [metric, setMetric] = useState<Metric>(
    (metrics as readonly string[]).includes(initialMetric) ? (initialMetric as Metric) : 'accuracy',
  );
  const canSign = Boolean(report.confusion) || Boolean(computeAif360);
  const [view, setView] = useState<View>('fairlearn');
  const [privileged, setPrivileged] = useState(report.aif360?.privileged_group ?? groups[0]);

  const signed = useMemo(() => {
    if (view !== 'aif360' || !canSign) return null;
    if (computeAif360) return computeAif360(privileged);
    return report.confusion ? aif360Metrics(report.confusion, privileged) : null;
  }, [view, canSign, computeAif360, privileged, report.confusion]);

  const data = groups.map((group) => {
    const value = valueOf(report.by_group[group], metric);
    const ci = report.ci?.by_group[group]?.[metric];
    return {
      group,
      value,
      error: value !== null && ci ? [Math.max(0, value - ci[0]), Math.max(0, ci[1] - value)] : undefined,
    };
  });
  const overall = valueOf(report.overall, metric);
  const small = new Set(report.small_groups);

  return (
    <div className="card" data-testid="group-metrics-panel">
      {title && <h2>{title}</h2>}
      <div className="row">
        <label>
          metric
          <select
            value={metric}
            onChange={(e) => setMetric(e.target.value as Metric)}
            data-testid="metric-select"
          >
            {metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="view-toggle"
          disabled={!canSign}
          title={canSign ? undefined : 'needs a positive label'}
          onClick={() => setView(view === 'fairlearn' ? 'aif360' : 'fairlearn')}
        >
          {view === 'fairlearn' ? 'Show signed (AIF360) view' : 'Show unsigned (Fairlearn) view'}
        </button>
        {view === 'aif360' && (
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
            <YAxis domain={[0, 1]} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
            {overall !== null && (
              <ReferenceLine y={overall} stroke="#718096" strokeDasharray="4 4" label="overall" />
            )}
            <Bar dataKey="value" name={metric} fill="#2b6cb0" isAnimationActive={false}>
              {report.ci && (
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
            <th>{metric}</th>
            {report.ci && <th>{Math.round(report.ci.level * 100)}% CI</th>}
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
              {report.ci && <td>{fmtCi(report.ci.by_group[group]?.[metric])}</td>}
            </tr>
          ))}
        </tbody>
      </table>

      <table className="table" data-testid="disparity-table" data-view={view}>
        <thead>
          <tr>
            <th>
              {view === 'fairlearn'
                ? 'disparity (unsigned)'
                : `signed vs ${privileged} (unprivileged − privileged)`}
            </th>
            <th>value</th>
            {report.ci && <th>CI</th>}
          </tr>
        </thead>
        <tbody>
          {view === 'fairlearn'
            ? Object.entries(report.disparities).map(([name, value]) => (
                <tr key={name} data-testid={`disparity-${name}`}>
                  <td>{name}</td>
                  <td>{fmt(value)}</td>
                  {report.ci && <td>{fmtCi(report.ci.disparities[name])}</td>}
                </tr>
              ))
            : signed &&
              AIF360_NAMES.map((name) => (
                <tr key={name} data-testid={`disparity-${name}`}>
                  <td>{name}</td>
                  <td>{fmt(signed[name])}</td>
                  {report.ci && (
                    <td>
                      {report.aif360?.privileged_group === privileged ? fmtCi(report.ci.aif360?.[name]) : ''}
                    </td>
                  )}
                </tr>
              ))}
        </tbody>
      </table>

      {(report.warnings.length > 0 || report.undefined.length > 0) && (
        <ul className="muted" data-testid="metrics-warnings">
          {report.undefined.map((u) => (
            <li key={`${u.group}-${u.metric}`}>
              {u.group} {u.metric} undefined: {u.reason}
            </li>
          ))}
          {report.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
