import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { colourFor } from './palette';
import type { GroupRow, Series } from './series';

/**
 * Sparsity (or k, or the filter fraction) against accuracy, one line per group with its bootstrap
 * CI as a band; published per-group lines (e.g. female / male) dashed on the same axes.
 */
export function GroupAccuracyChart({
  rows,
  groups,
  published,
  xLabel,
  logX,
}: {
  rows: GroupRow[];
  groups: string[];
  published: Series[];
  xLabel: string;
  logX: boolean;
}) {
  const names = [...groups, ...published.map((p) => p.name)];
  const counts: Record<string, number> = Object.fromEntries(
    groups.map((g) => [g, rows.filter((r) => r[g] !== undefined).length]),
  );
  for (const p of published) counts[p.name] = p.points.length;
  return (
    <div className="chart" data-testid="chart-group-accuracy" data-series={JSON.stringify(counts)}>
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            scale={logX ? 'log' : 'linear'}
            domain={logX ? ['auto', 'auto'] : [0, 'auto']}
            allowDuplicatedCategory={false}
            label={{ value: xLabel, position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            type="number"
            domain={[0, 1]}
            tickFormatter={(v: number) => v.toFixed(1)}
            label={{ value: 'accuracy', angle: -90, position: 'insideLeft' }}
          />
          <Tooltip
            formatter={(value) =>
              Array.isArray(value)
                ? value.map((v) => Number(v).toFixed(3)).join(' – ')
                : Number(value).toFixed(3)
            }
          />
          <Legend verticalAlign="bottom" wrapperStyle={{ paddingTop: 28 }} />
          {groups.map((g) => (
            <Area
              key={`${g}-band`}
              dataKey={`${g}__band`}
              name={`${g} 95% CI`}
              stroke="none"
              fill={colourFor(g, names)}
              fillOpacity={0.15}
              isAnimationActive={false}
              legendType="none"
            />
          ))}
          {groups.map((g) => (
            <Line
              key={g}
              dataKey={g}
              name={g}
              stroke={colourFor(g, names)}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
          ))}
          {published.map((p) => (
            <Line
              key={p.name}
              name={p.name}
              data={p.points}
              dataKey="y"
              stroke={colourFor(p.name, names)}
              strokeDasharray="5 4"
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
