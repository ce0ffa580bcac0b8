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
} from 'recharts';
import type { GroupRoc, RocPoint } from '../../lab/mitigation';

export const GROUP_COLOURS = ['#2b6cb0', '#c05621', '#2f855a', '#6b46c1', '#b83280', '#718096'];

interface Marker {
  cx?: number;
  cy?: number;
  payload?: RocPoint & { group: string };
}

const f3 = (v: number) => v.toFixed(3);
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/**
 * One ROC curve per group (thin: every threshold; dashed: its convex hull), the fitted operating
 * point of each group (filled) and where one shared threshold puts it (hollow), as Fairlearn's
 * plot_threshold_optimizer draws them. Later groups get smaller markers, so points that coincide
 * (equalized odds) show as rings.
 */
export function RocChart({
  roc,
  fitted,
  single,
  singleLabel = 'score ≥ 0.5',
}: {
  roc: Record<string, GroupRoc>;
  fitted: Record<string, RocPoint>;
  single?: Record<string, RocPoint>;
  singleLabel?: string;
}) {
  const groups = Object.keys(roc);
  const colour = (g: string) => GROUP_COLOURS[groups.indexOf(g) % GROUP_COLOURS.length];
  const marker = (filled: boolean, testId: string) =>
    function MarkerShape({ cx = 0, cy = 0, payload }: Marker) {
      const g = payload?.group ?? '';
      return (
        <circle
          cx={cx}
          cy={cy}
          r={(filled ? 8 : 6) - 2 * Math.min(2, groups.indexOf(g))}
          fill={filled ? colour(g) : '#fff'}
          stroke={colour(g)}
          strokeWidth={2}
          data-testid={`${testId}-${g}`}
          data-fpr={payload?.fpr}
          data-tpr={payload?.tpr}
        />
      );
    };
  return (
    <div className="chart" data-testid="roc-chart" data-groups={groups.join(',')}>
      <ResponsiveContainer width="100%" height={320}>
        <ComposedChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="fpr"
            domain={[0, 1]}
            ticks={TICKS}
            tickFormatter={(v: number) => v.toFixed(1)}
            label={{ value: 'false positive rate', position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            type="number"
            dataKey="tpr"
            domain={[0, 1]}
            ticks={TICKS}
            tickFormatter={(v: number) => v.toFixed(1)}
            label={{ value: 'true positive rate', angle: -90, position: 'insideLeft' }}
          />
          <Tooltip
            formatter={(value) => f3(Number(value))}
            labelFormatter={(value) => `FPR ${f3(Number(value))}`}
          />
          <Legend verticalAlign="top" height={28} />
          {groups.map((g) => (
            <Line
              key={`roc-${g}`}
              data={roc[g].curve}
              dataKey="tpr"
              name={`${g} ROC`}
              stroke={colour(g)}
              strokeWidth={1}
              dot={false}
              isAnimationActive={false}
            />
          ))}
          {groups.map((g) => (
            <Line
              key={`hull-${g}`}
              data={roc[g].hull}
              dataKey="tpr"
              name={`${g} hull`}
              stroke={colour(g)}
              strokeDasharray="5 4"
              strokeWidth={1.5}
              dot={false}
              legendType="none"
              isAnimationActive={false}
            />
          ))}
          {single &&
            groups.map((g) => (
              <Scatter
                key={`single-${g}`}
                data={[{ ...single[g], group: g }]}
                name={`${g} at ${singleLabel}`}
                fill="#fff"
                stroke={colour(g)}
                legendType="none"
                shape={marker(false, 'roc-single')}
                isAnimationActive={false}
              />
            ))}
          {groups.map((g) => (
            <Scatter
              key={`point-${g}`}
              data={[{ ...fitted[g], group: g }]}
              name={`${g} fitted`}
              fill={colour(g)}
              shape={marker(true, 'roc-point')}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
