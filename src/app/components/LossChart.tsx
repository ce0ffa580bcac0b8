import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface LossPoint {
  step: number;
  loss: number;
}

/**
 * The training loss at every step it is known for: live, the steps the Worker reported (a few a
 * second); once done, every step. The line joins measured points only, never repeats a value.
 */
export function LossChart({ points }: { points: LossPoint[] }) {
  return (
    <div className="chart" data-testid="loss-chart" data-points={points.length}>
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
          <YAxis domain={['auto', 'auto']} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => Number(v).toFixed(4)} labelFormatter={(s) => `step ${s}`} />
          <Line type="linear" dataKey="loss" stroke="#2b6cb0" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
