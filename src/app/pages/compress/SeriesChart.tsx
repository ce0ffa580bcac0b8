import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { colourFor } from './palette';
import { pointCounts, type Series } from './series';

const formatBytes = (v: number) =>
  v >= 1e6 ? `${(v / 1e6).toFixed(1)} MB` : v >= 1e3 ? `${(v / 1e3).toFixed(0)} KB` : `${v} B`;

/**
 * Lines over a numeric x axis, one per series (published ones dashed). The wrapper exposes each
 * series' number of points in `data-series` (JSON), for tests and for anyone inspecting the page.
 */
export function SeriesChart({
  series,
  testId,
  xLabel,
  yLabel,
  relative,
  yDomain,
}: {
  series: Series[];
  testId: string;
  xLabel: string;
  yLabel: string;
  /** x is a fraction of the uncompressed size rather than bytes. */
  relative: boolean;
  yDomain?: [number, number];
}) {
  const names = series.map((s) => s.name);
  return (
    <div className="chart" data-testid={testId} data-series={JSON.stringify(pointCounts(series))}>
      <ResponsiveContainer width="100%" height={300}>
        <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            scale="log"
            domain={['auto', 'auto']}
            allowDataOverflow
            tickFormatter={(v: number) =>
              relative ? `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%` : formatBytes(v)
            }
            label={{ value: xLabel, position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={yDomain ?? ['auto', 'auto']}
            tickFormatter={(v: number) => v.toFixed(2)}
            label={{ value: yLabel, angle: -90, position: 'insideLeft' }}
          />
          <Tooltip
            formatter={(value) => Number(value).toFixed(3)}
            labelFormatter={(v) =>
              relative ? `${(Number(v) * 100).toFixed(1)}% of the size` : formatBytes(Number(v))
            }
          />
          <Legend verticalAlign="top" height={28} />
          {series.map((s) => (
            <Line
              key={s.name}
              name={s.name}
              data={s.points}
              dataKey="y"
              stroke={colourFor(s.name, names)}
              strokeDasharray={s.published ? '5 4' : undefined}
              dot={{ r: s.published ? 2 : 3 }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
