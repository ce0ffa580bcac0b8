import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { IdentificationReport } from '../../lab/fairness/identification';
import { IDENTIFICATION_NAMES } from '../../lab/fairness/identification';
import type { Interval } from '../../lab/fairness/percentile';
import { metricLabel } from './metric-labels';
import { niceTicks } from './nice-ticks';

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '—' : v.toFixed(digits);
const fmtCi = (ci: Interval | null | undefined) => (ci ? ` [${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]` : '');

/**
 * An identification model per group, as FR-NAS reports it: each group's rank-0 accuracy and mean
 * rank_by_id (bars with bootstrap whiskers), then Error, Disparity, Rank Disparity and the ratios.
 */
export function IdentificationPanel({ report, title }: { report: IdentificationReport; title?: string }) {
  const groups = report.order;
  const data = groups.map((group) => {
    const g = report.by_group[group];
    const ci = report.ci?.by_group[group]?.mean_rank;
    return {
      group,
      meanRank: g.mean_rank,
      error: ci ? [Math.max(0, g.mean_rank - ci[0]), Math.max(0, ci[1] - g.mean_rank)] : undefined,
    };
  });
  const top = Math.max(0, ...data.map((d) => d.meanRank + (d.error?.[1] ?? 0)));
  const ticks = niceTicks(0, top || 1, 5);
  return (
    <div className="group-panel" data-testid="identification-panel">
      {title && <h4>{title}</h4>}
      <div className="chart" data-testid="mean-rank-chart">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="group" />
            <YAxis
              width={48}
              domain={[0, ticks.ticks.at(-1) ?? 1]}
              ticks={ticks.ticks}
              tickFormatter={ticks.format}
              label={{ value: 'mean rank', angle: -90, position: 'insideLeft' }}
            />
            <Tooltip formatter={(v) => Number(v).toFixed(3)} />
            <Bar dataKey="meanRank" name="mean rank_by_id" fill="#2b6cb0" isAnimationActive={false}>
              <ErrorBar dataKey="error" width={6} stroke="#1a202c" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="table" data-testid="identification-groups">
        <thead>
          <tr>
            <th>group</th>
            <th>probes</th>
            <th>accuracy (rank 0)</th>
            <th>mean rank</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => {
            const g = report.by_group[group];
            const ci = report.ci?.by_group[group];
            return (
              <tr key={group} data-testid={`ident-row-${group}`}>
                <td>{group}</td>
                <td>{g.count}</td>
                <td>
                  {fmt(g.acc)}
                  <span className="muted">{fmtCi(ci?.acc)}</span>
                </td>
                <td data-testid={`mean-rank-${group}`}>
                  {fmt(g.mean_rank)}
                  <span className="muted">{fmtCi(ci?.mean_rank)}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="table" data-testid="identification-metrics">
        <tbody>
          {IDENTIFICATION_NAMES.map((name) => (
            <tr key={name}>
              <th>{metricLabel(name)}</th>
              <td data-testid={`ident-${name}`}>
                {fmt(report[name], 4)}
                <span className="muted">{fmtCi(report.ci?.metrics[name])}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Ranks are leave-one-out over the test split by cosine similarity: the number of other identities
        ranked before a probe&apos;s nearest own image (FR-NAS&apos;s rank_by_id). Ratios divide {groups[0]}{' '}
        by {groups[1]}
        {report.excluded > 0
          ? `; ${report.excluded} probes without another image of their identity are left out`
          : ''}
        .
      </p>
      {report.warnings.length > 0 && <p className="warning">{report.warnings.join('; ')}</p>}
    </div>
  );
}
