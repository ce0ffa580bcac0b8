import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { colourFor } from './palette';
import { pointCounts, type Series } from './series';

/** 1-2-5 steps per decade inside [lo, hi]: readable ticks on a log axis. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= lo && t <= hi) ticks.push(Number(t.toPrecision(3)));
    }
  return ticks;
}

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
  const xs = series.flatMap((s) => s.points.map((p) => p.x)).filter((x) => x > 0);
  const lo = xs.length > 0 ? Math.min(...xs) / 1.3 : 0.1;
  const hi = xs.length > 0 ? Math.max(...xs) * 1.3 : 1;
  const ticks = logTicks(lo, hi);
  return (
    <div className="chart" data-testid={testId} data-series={JSON.stringify(pointCounts(series))}>
      <ResponsiveContainer width="100%" height={340}>
        <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            scale="log"
            domain={[lo, hi]}
            ticks={ticks}
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
          <Legend verticalAlign="bottom" wrapperStyle={{ paddingTop: 28 }} />
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
