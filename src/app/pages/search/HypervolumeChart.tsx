import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { metricLabel } from '../../components/metric-labels';

/** The front's hypervolume after each trial, against the stated (fixed) reference point. */
export function HypervolumeChart({
  history,
  referencePoint,
  hypervolume,
  disparity,
}: {
  history: { number: number; hypervolume: number }[];
  referencePoint: [number, number] | null;
  hypervolume: number | null;
  disparity: string;
}) {
  if (!referencePoint || history.length === 0)
    return (
      <p className="muted" data-testid="hypervolume-empty">
        The hypervolume appears once a trial completes at the full budget.
      </p>
    );
  return (
    <div className="chart" data-testid="hypervolume-chart" data-points={history.length}>
      <p>
        Hypervolume <strong data-testid="hypervolume">{hypervolume?.toFixed(4) ?? '—'}</strong>, against the
        reference point{' '}
        <span data-testid="reference-point">
          (error {referencePoint[0].toFixed(3)}, {metricLabel(disparity)} {referencePoint[1].toFixed(3)})
        </span>
        : the nadir of the full-budget trials plus 10% of their range, fixed along the history.
      </p>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={history} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="number"
            type="number"
            allowDecimals={false}
            domain={['dataMin', 'dataMax']}
            label={{ value: 'trial', position: 'insideBottom', offset: -8 }}
          />
          <YAxis tickFormatter={(v: number) => v.toFixed(3)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
          <Line
            type="stepAfter"
            dataKey="hypervolume"
            stroke="#2b6cb0"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
