import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { RunRecord } from '../../lab/runs/types';

interface Point {
  id: string;
  gap: number;
  accuracy: number;
  label: string;
  groups: string;
}

function toPoint(run: RunRecord): Point {
  const e = run.evaluation;
  return {
    id: run.id,
    gap: e.accuracyDifference,
    accuracy: e.accuracy,
    label: `${run.model.name} · ${run.datasetName} · ${run.backend}`,
    groups: Object.entries(e.byGroup)
      .map(([g, v]) => `${g}: ${(v.accuracy * 100).toFixed(1)}% (n=${v.count})`)
      .join(', '),
  };
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: { payload: Point }[] }) {
  if (!active || !payload?.length) return null;
  const p = payload[0].payload;
  return (
    <div className="tooltip" data-testid="scatter-tooltip">
      <strong>{p.label}</strong>
      <div>accuracy {(p.accuracy * 100).toFixed(1)}%</div>
      <div>gap (max − min) {(p.gap * 100).toFixed(1)} points</div>
      <div>{p.groups}</div>
    </div>
  );
}

/** Every trained model as a point: x = accuracy gap between groups, y = overall accuracy. */
export function AccuracyDisparityScatter({
  runs,
  onSelect,
}: {
  runs: RunRecord[];
  onSelect?: (id: string) => void;
}) {
  const points = runs.map(toPoint);
  return (
    <div className="chart" data-testid="scatter" data-points={points.length}>
      <ResponsiveContainer width="100%" height={280}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="gap"
            name="accuracy gap"
            domain={[0, 'auto']}
            tickFormatter={(v: number) => v.toFixed(2)}
            label={{
              value: 'accuracy gap between groups (max − min)',
              position: 'insideBottom',
              offset: -12,
            }}
          />
          <YAxis
            type="number"
            dataKey="accuracy"
            name="accuracy"
            domain={[0, 1]}
            tickFormatter={(v: number) => v.toFixed(1)}
            label={{ value: 'accuracy', angle: -90, position: 'insideLeft' }}
          />
          <ZAxis range={[90, 90]} />
          <Tooltip content={<PointTooltip />} />
          <Scatter
            data={points}
            fill="#c05621"
            isAnimationActive={false}
            onClick={(p: unknown) => onSelect?.((p as { payload?: Point }).payload?.id ?? '')}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
