import {
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { RunRecord } from '../../lab/runs/types';
import type { ChartAxes } from '../url-state';
import { metricLabel } from './metric-labels';
import { niceTicks } from './nice-ticks';
import { runName } from './run-names';

/** How points are named and grouped: run id → run name, dataset id → the dataset's current name. */
export interface ScatterNames {
  runs?: ReadonlyMap<string, string>;
  datasets?: ReadonlyMap<string, string>;
}

export interface ScatterPoint {
  id: string;
  x: number;
  y: number;
  name: string;
  /** The dataset's id: one colour per dataset. */
  series: string;
  dataset: string;
  model: string;
  groups: string;
  selected: boolean;
}

export const SERIES_COLOURS = [
  '#c05621',
  '#2b6cb0',
  '#2f855a',
  '#6b46c1',
  '#b7791f',
  '#c53030',
  '#2c7a7b',
  '#4a5568',
];

function toPoint(
  run: RunRecord,
  axes: ChartAxes,
  selected: string | null,
  names: ScatterNames,
): ScatterPoint | null {
  const x = run.objectives[axes.x];
  const y = run.objectives[axes.y];
  if (x === null || x === undefined || y === null || y === undefined || !run.evaluation) return null;
  const e = run.evaluation;
  const groups = Object.entries(e.byGroup)
    .map(([g, v]) =>
      e.kind === 'identification'
        ? `${g}: mean rank ${(v as unknown as { mean_rank: number }).mean_rank.toFixed(2)} (n=${v.count})`
        : `${g}: ${v.accuracy === null ? '—' : `${(v.accuracy * 100).toFixed(1)}%`} (n=${v.count})`,
    )
    .join(', ');
  return {
    id: run.id,
    x,
    y,
    name: names.runs?.get(run.id) ?? runName(run),
    series: run.datasetId,
    dataset: names.datasets?.get(run.datasetId) ?? run.datasetName,
    model: `${run.model.name} · ${run.model.head?.kind ?? 'softmax'} · ${run.train.optimizer.name}`,
    groups,
    selected: run.id === selected,
  };
}

function PointTooltip({
  active,
  payload,
  axes,
}: {
  active?: boolean;
  payload?: { payload: ScatterPoint }[];
  axes: ChartAxes;
}) {
  if (!active || !payload?.length) return null;
  const p = payload[0].payload;
  return (
    <div className="tooltip" data-testid="scatter-tooltip">
      <strong>{p.name}</strong>
      <div>dataset: {p.dataset}</div>
      <div>model: {p.model}</div>
      <div>
        {metricLabel(axes.y)} {p.y.toFixed(3)} · {metricLabel(axes.x)} {p.x.toFixed(3)}
      </div>
      <div>{p.groups}</div>
    </div>
  );
}

/** Every trained model as a point: x = the chosen disparity, y = error or accuracy; one colour per dataset. */
export function AccuracyDisparityScatter({
  runs,
  axes,
  selected,
  onSelect,
  names = {},
}: {
  runs: RunRecord[];
  axes: ChartAxes;
  selected: string | null;
  onSelect?: (id: string) => void;
  names?: ScatterNames;
}) {
  const points = runs
    .map((r) => toPoint(r, axes, selected, names))
    .filter((p): p is ScatterPoint => p !== null);
  const series = [...new Set(points.map((p) => p.series))];
  const xMax = Math.max(0, ...points.map((p) => p.x));
  // 4% headroom, so a point at the largest gap is not cut in half by the axis' end.
  const xTicks = niceTicks(0, xMax > 0 ? xMax * 1.04 : 1, 5);
  const yTicks = niceTicks(0, 1, 5);
  const missing = runs.length - points.length;
  return (
    <div className="chart scatter" data-testid="scatter" data-points={points.length}>
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            name={metricLabel(axes.x)}
            domain={[0, xTicks.ticks.at(-1) ?? 1]}
            ticks={xTicks.ticks}
            tickFormatter={xTicks.format}
            label={{ value: metricLabel(axes.x), position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            name={axes.y}
            domain={[0, 1]}
            ticks={yTicks.ticks}
            tickFormatter={yTicks.format}
            label={{ value: axes.y, angle: -90, position: 'insideLeft' }}
          />
          <ZAxis range={[90, 90]} />
          <Tooltip content={<PointTooltip axes={axes} />} />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
          {series.map((id, i) => (
            <Scatter
              key={id}
              name={points.find((p) => p.series === id)?.dataset ?? id}
              data={points.filter((p) => p.series === id)}
              fill={SERIES_COLOURS[i % SERIES_COLOURS.length]}
              isAnimationActive={false}
              shape={(props: unknown) => <PointShape {...(props as ShapeProps)} />}
              onClick={(p: unknown) => onSelect?.((p as { payload?: ScatterPoint }).payload?.id ?? '')}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
      {missing > 0 && (
        <p className="muted">
          {missing} run{missing === 1 ? ' has' : 's have'} no {metricLabel(axes.x)} (another task, or training
          failed).
        </p>
      )}
    </div>
  );
}

interface ShapeProps {
  cx: number;
  cy: number;
  fill: string;
  payload: ScatterPoint;
}

/** A dot; the selected run is larger, ringed. */
function PointShape({ cx, cy, fill, payload }: ShapeProps) {
  return (
    <g data-testid={payload.selected ? 'scatter-selected' : 'scatter-point'}>
      {payload.selected && <circle cx={cx} cy={cy} r={10} fill="none" stroke="#1a202c" strokeWidth={2} />}
      <circle cx={cx} cy={cy} r={payload.selected ? 7 : 5.5} fill={fill} style={{ cursor: 'pointer' }} />
    </g>
  );
}
