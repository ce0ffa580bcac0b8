import type { ReactNode } from 'react';
import type { LegendType } from 'recharts';
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { metricLabel } from '../../components/metric-labels';
import { niceTicks } from '../../components/nice-ticks';
import { POINT_KINDS, type PointKind, type StudyPoint } from './study-points';

export interface PublishedPoint {
  label: string;
  x: number;
  y: number;
}

const STYLE: Record<PointKind, { fill: string; opacity: number; shape: 'circle' | 'diamond' | 'cross' }> = {
  front: { fill: '#c05621', opacity: 1, shape: 'circle' },
  searched: { fill: '#2b6cb0', opacity: 1, shape: 'circle' },
  baseline: { fill: '#2f855a', opacity: 1, shape: 'diamond' },
  'low-fidelity': { fill: '#718096', opacity: 0.35, shape: 'circle' },
  infeasible: { fill: '#c53030', opacity: 0.8, shape: 'cross' },
};

/** Each mitigation method's marker: a colour and a polygon of its own. */
const MITIGATION_STYLES: readonly { fill: string; sides: number; flip: boolean; legend: LegendType }[] = [
  { fill: '#b7791f', sides: 3, flip: false, legend: 'triangle' },
  { fill: '#2c7a7b', sides: 4, flip: false, legend: 'square' },
  { fill: '#97266d', sides: 5, flip: false, legend: 'star' },
  { fill: '#4a5568', sides: 6, flip: false, legend: 'wye' },
  { fill: '#c53030', sides: 3, flip: true, legend: 'triangle' },
];

function polygon(cx: number, cy: number, sides: number, r: number, flip: boolean): string {
  const start = (flip ? Math.PI / 2 : -Math.PI / 2) + (sides === 4 ? Math.PI / 4 : 0);
  return Array.from({ length: sides }, (_, i) => {
    const a = start + (2 * Math.PI * i) / sides;
    return `${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`;
  }).join(' ');
}

interface Props {
  points: StudyPoint[];
  /** The front's step line (closed at the reference point). */
  front: { x: number; y: number }[];
  /** Trials on the front. */
  frontSize: number;
  disparity: string;
  published: { name: string; points: PublishedPoint[] } | null;
  selected: string | null;
  onSelect(point: StudyPoint): void;
}

/**
 * The study as it runs: x = disparity, y = error (both minimised). The front is a step line;
 * baselines, low-fidelity and infeasible trials and the published results each have their own marker.
 */
export function ParetoScatter({ points, front, frontSize, disparity, published, selected, onSelect }: Props) {
  // Recharts hands a clicked point over as { payload }.
  const select = (p: unknown) => {
    const point = (p as { payload?: StudyPoint }).payload;
    if (point) onSelect(point);
  };
  const mitigations = [...new Set(points.map((p) => p.mitigation).filter((m): m is string => m !== null))];
  const xs = [...points.map((p) => p.x), ...(published?.points.map((p) => p.x) ?? [])];
  const ys = [...points.map((p) => p.y), ...(published?.points.map((p) => p.y) ?? [])];
  const xTicks = niceTicks(0, Math.max(0, ...xs) * 1.04 || 1, 5);
  const yTicks = niceTicks(0, Math.min(1, Math.max(0, ...ys) * 1.04) || 1, 5);
  return (
    <div
      className="chart scatter"
      data-testid="study-scatter"
      data-points={points.length}
      data-front={frontSize}
    >
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0, xTicks.ticks.at(-1) ?? 1]}
            ticks={xTicks.ticks}
            tickFormatter={xTicks.format}
            label={{ value: metricLabel(disparity), position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[0, yTicks.ticks.at(-1) ?? 1]}
            ticks={yTicks.ticks}
            tickFormatter={yTicks.format}
            label={{ value: 'error', angle: -90, position: 'insideLeft' }}
          />
          <ZAxis range={[80, 80]} />
          <Tooltip content={<PointTooltip disparity={disparity} />} />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
          {front.length > 0 && (
            <Line
              name="front (step)"
              data={front}
              dataKey="y"
              type="stepAfter"
              stroke="#c05621"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              legendType="plainline"
            />
          )}
          {POINT_KINDS.map(({ kind, label }) => {
            const data = points.filter((p) => p.kind === kind && p.mitigation === null);
            if (data.length === 0) return null;
            return (
              <Scatter
                key={kind}
                name={label}
                data={data}
                fill={STYLE[kind].fill}
                legendType={STYLE[kind].shape}
                isAnimationActive={false}
                shape={(props: unknown) => {
                  const { cx, cy, payload } = props as MarkerProps;
                  return (
                    <PointMarker
                      payload={payload}
                      testId={`study-point-${kind}`}
                      selected={selected}
                      ring={{ cx, cy }}
                      opacity={STYLE[kind].opacity}
                    >
                      <KindGlyph kind={kind} cx={cx} cy={cy} />
                    </PointMarker>
                  );
                }}
                onClick={select}
              />
            );
          })}
          {mitigations.map((method, i) => {
            const style = MITIGATION_STYLES[i % MITIGATION_STYLES.length];
            return (
              <Scatter
                key={`mitigation-${method}`}
                name={`mitigation: ${method}`}
                data={points.filter((p) => p.mitigation === method)}
                fill={style.fill}
                legendType={style.legend}
                isAnimationActive={false}
                shape={(props: unknown) => {
                  const { cx, cy, payload } = props as MarkerProps;
                  return (
                    <PointMarker
                      payload={payload}
                      testId="study-point-mitigation"
                      series={method}
                      selected={selected}
                      ring={{ cx, cy }}
                    >
                      <polygon points={polygon(cx, cy, style.sides, 8, style.flip)} fill={style.fill} />
                    </PointMarker>
                  );
                }}
                onClick={select}
              />
            );
          })}
          {published && published.points.length > 0 && (
            <Scatter
              name={published.name}
              data={published.points}
              fill="#6b46c1"
              legendType="square"
              isAnimationActive={false}
              shape={(props: unknown) => <PublishedMarker {...(props as { cx: number; cy: number })} />}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

interface MarkerProps {
  cx: number;
  cy: number;
  payload: StudyPoint;
}

/** A clickable point: its glyph, ringed when selected, named for tests by kind (and series). */
function PointMarker(props: {
  payload: StudyPoint;
  testId: string;
  series?: string;
  selected: string | null;
  ring: { cx: number; cy: number };
  opacity?: number;
  children: ReactNode;
}) {
  const isSelected = props.payload.key === props.selected;
  return (
    <g
      data-testid={props.testId}
      data-series={props.series}
      data-key={props.payload.key}
      data-selected={isSelected || undefined}
      style={{ cursor: 'pointer' }}
      opacity={props.opacity}
    >
      {isSelected && (
        <circle cx={props.ring.cx} cy={props.ring.cy} r={11} fill="none" stroke="#1a202c" strokeWidth={2} />
      )}
      {props.children}
    </g>
  );
}

function KindGlyph({ kind, cx, cy }: { kind: PointKind; cx: number; cy: number }) {
  const { fill, shape } = STYLE[kind];
  if (shape === 'diamond')
    return <path d={`M${cx},${cy - 8} L${cx + 8},${cy} L${cx},${cy + 8} L${cx - 8},${cy} Z`} fill={fill} />;
  if (shape === 'cross')
    return (
      <path
        d={`M${cx - 6},${cy - 6} L${cx + 6},${cy + 6} M${cx - 6},${cy + 6} L${cx + 6},${cy - 6}`}
        stroke={fill}
        strokeWidth={3}
      />
    );
  return <circle cx={cx} cy={cy} r={6} fill={fill} />;
}

function PublishedMarker({ cx, cy }: { cx: number; cy: number }) {
  return (
    <g data-testid="study-point-published">
      <rect x={cx - 5} y={cy - 5} width={10} height={10} fill="none" stroke="#6b46c1" strokeWidth={2} />
    </g>
  );
}

function PointTooltip({
  active,
  payload,
  disparity,
}: {
  active?: boolean;
  payload?: { payload: StudyPoint | PublishedPoint }[];
  disparity: string;
}) {
  if (!active || !payload?.length) return null;
  const p = payload[0].payload;
  if (!('kind' in p))
    return (
      <div className="tooltip" data-testid="study-tooltip">
        <strong>{p.label}</strong>
        <div>
          published: error {p.y.toFixed(3)} · rank disparity {p.x.toFixed(3)}
        </div>
      </div>
    );
  return (
    <div className="tooltip" data-testid="study-tooltip">
      <strong>{p.label}</strong>
      <div>
        error {p.y.toFixed(3)} · {metricLabel(disparity)} {p.x.toFixed(3)}
      </div>
      <div>
        {POINT_KINDS.find((k) => k.kind === p.kind)?.label} · {p.budget} epoch{p.budget === 1 ? '' : 's'}
      </div>
    </div>
  );
}
