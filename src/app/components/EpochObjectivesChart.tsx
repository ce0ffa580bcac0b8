import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Objectives } from '../../lab/train/config';
import { metricLabel } from './metric-labels';
import { niceTicks } from './nice-ticks';

/**
 * The validation objectives after each epoch: error on the left axis, the chosen disparity on the
 * right, each on nice ticks labelled with their own values.
 */
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
  const errorTicks = niceTicks(0, 1, 5);
  const disparities = data
    .map((d) => d.disparity)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const disparityTicks = niceTicks(0, Math.max(0, ...disparities) || 1, 5);
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
          <YAxis
            yAxisId="error"
            domain={[0, 1]}
            ticks={errorTicks.ticks}
            width={40}
            tickFormatter={errorTicks.format}
          />
          <YAxis
            yAxisId="disparity"
            orientation="right"
            domain={[0, disparityTicks.ticks.at(-1) ?? 1]}
            ticks={disparityTicks.ticks}
            width={48}
            tickFormatter={disparityTicks.format}
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
