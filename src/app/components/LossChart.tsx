import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { niceTicks } from './nice-ticks';

export interface LossPoint {
  step: number;
  loss: number;
}

/**
 * The training loss at every step it is known for: live, the steps the Worker reported (a few a
 * second); once done, every step. The line joins measured points only, never repeats a value,
 * and the y-axis labels are the values their gridlines stand at.
 */
export function LossChart({ points, live = false }: { points: LossPoint[]; live?: boolean }) {
  const losses = points.map((p) => p.loss).filter(Number.isFinite);
  const y = niceTicks(Math.min(...losses, Infinity), Math.max(...losses, -Infinity), 5);
  const steps = points.at(-1)?.step ?? 0;
  return (
    <div className="chart" data-testid="loss-chart" data-points={points.length} data-live={live}>
      <p className="chart-caption muted" data-testid="loss-caption">
        {live
          ? `Training loss, live: the ${points.length} steps reported so far (every step once training ends)`
          : `Training loss at every step (${steps} steps, unsmoothed)`}
      </p>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            label={{ value: 'step', position: 'insideBottom', offset: -8 }}
          />
          <YAxis
            type="number"
            domain={y.ticks.length ? [y.ticks[0], y.ticks.at(-1)!] : ['auto', 'auto']}
            ticks={y.ticks.length ? y.ticks : undefined}
            tickFormatter={y.format}
            width={52}
          />
          <Tooltip formatter={(v) => Number(v).toFixed(4)} labelFormatter={(s) => `step ${s}`} />
          <Line type="linear" dataKey="loss" stroke="#2b6cb0" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
