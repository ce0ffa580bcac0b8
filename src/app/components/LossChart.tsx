import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Live training loss, one point per step. */
export function LossChart({ loss }: { loss: number[] }) {
  const data = loss.map((value, i) => ({ step: i + 1, loss: value }));
  return (
    <div className="chart" data-testid="loss-chart" data-points={loss.length}>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="step"
            minTickGap={24}
            label={{ value: 'step', position: 'insideBottom', offset: -8 }}
          />
          <YAxis domain={['auto', 'auto']} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => Number(v).toFixed(4)} />
          <Line type="monotone" dataKey="loss" stroke="#2b6cb0" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
