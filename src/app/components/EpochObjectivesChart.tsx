import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Objectives } from '../../lab/train/config';
import { metricLabel } from './metric-labels';

/** The validation objectives after each epoch: error on the left axis, the chosen disparity on the right. */
export function EpochObjectivesChart({
  epochs,
  disparity,
}: {
  epochs: { epoch: number; objectives: Objectives }[];
  disparity: string;
}) {
  const data = [...epochs]
    .sort((a, b) => a.epoch - b.epoch)
    .map((e) => ({ epoch: e.epoch, error: e.objectives.error, disparity: e.objectives[disparity] ?? null }));
  return (
    <div className="chart" data-testid="epoch-chart" data-points={data.length}>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            type="number"
            allowDecimals={false}
            domain={['dataMin', 'dataMax']}
            label={{ value: 'epoch (validation)', position: 'insideBottom', offset: -8 }}
          />
          <YAxis yAxisId="error" domain={[0, 1]} width={40} tickFormatter={(v: number) => v.toFixed(2)} />
          <YAxis
            yAxisId="disparity"
            orientation="right"
            width={48}
            tickFormatter={(v: number) => v.toFixed(2)}
          />
          <Tooltip formatter={(v) => (v === null ? '—' : Number(v).toFixed(4))} />
          <Legend verticalAlign="top" height={24} />
          <Line yAxisId="error" dataKey="error" name="error" stroke="#c05621" isAnimationActive={false} />
          <Line
            yAxisId="disparity"
            dataKey="disparity"
            name={metricLabel(disparity)}
            stroke="#2f855a"
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
