import type { GroupInterpolation, PostprocessReport, ThresholdOperation } from '../../../lab/mitigation';
import type { PostprocessOutcome } from '../../../worker/api/mitigation';
import { downloadFile } from '../../download';
import { RocChart } from '../../components/RocChart';
import { toJsonText } from '../../../lab/mitigation';

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));

function operation(op: ThresholdOperation): string {
  const t = op.threshold === Infinity ? '∞' : op.threshold === -Infinity ? '−∞' : op.threshold.toFixed(4);
  return `score ${op.operator} ${t}`;
}

function rule(r: GroupInterpolation): string {
  if (r.p0 === 0) return operation(r.operation1);
  if (r.p1 === 0) return operation(r.operation0);
  return `${f3(r.p0)} × (${operation(r.operation0)}) + ${f3(r.p1)} × (${operation(r.operation1)})`;
}

function Gap({ name, report, testId }: { name: string; report: PostprocessReport; testId: string }) {
  const value = report.gaps[name as keyof PostprocessReport['gaps']];
  return (
    <strong data-testid={testId} data-value={value ?? ''}>
      {f3(value)}
    </strong>
  );
}

/** The fitted thresholds, the before / after table per group, and the per-group ROC chart. */
export function ThresholdResults({ result }: { result: PostprocessOutcome }) {
  const { before, after, after_sampled: sampled } = result;
  const groups = Object.keys(result.thresholds);
  const rates = ['selection_rate', 'tpr', 'fpr'] as const;
  return (
    <div data-testid="threshold-results">
      <p>
        <strong>{result.constraints}</strong> / {result.objective} on <strong>{result.name}</strong> (positive
        label {result.positive}): fitted on {result.fit.description}, evaluated on{' '}
        {result.evaluate.description}.
      </p>
      <p data-testid="threshold-gaps">
        {result.constraints} gap: <Gap name={result.constraints} report={before} testId="gap-before" /> with
        one threshold (score ≥ {result.threshold}) →{' '}
        <Gap name={result.constraints} report={after} testId="gap-after" /> expected after post-processing (
        <Gap name={result.constraints} report={sampled} testId="gap-sampled" /> in one draw, seed{' '}
        {result.seed}). Accuracy {f3(before.accuracy)} → {f3(after.accuracy)}, balanced accuracy{' '}
        {f3(before.balanced_accuracy)} → {f3(after.balanced_accuracy)}.
      </p>
      {result.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
      <h3>Thresholds per group</h3>
      <table className="table" data-testid="threshold-table">
        <thead>
          <tr>
            <th>group</th>
            <th>decision</th>
            <th>p_ignore</th>
            <th>prediction_constant</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const r = result.thresholds[g];
            return (
              <tr key={g} data-testid={`threshold-row-${g}`}>
                <td>{g}</td>
                <td>{rule(r)}</td>
                <td>{r.p_ignore === undefined ? '—' : f3(r.p_ignore)}</td>
                <td>{r.prediction_constant === undefined ? '—' : f3(r.prediction_constant)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">
        With p_ignore, the decision is replaced by a positive drawn with probability prediction_constant
        (Fairlearn&apos;s interpolated thresholder).
      </p>
      <h3>Before → after, per group (evaluated rows)</h3>
      <table className="table" data-testid="before-after-table">
        <thead>
          <tr>
            <th>group</th>
            <th>n</th>
            {rates.map((r) => (
              <th key={r}>{r} before → after (one draw)</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.keys(after.by_group).map((g) => (
            <tr key={g} data-testid={`before-after-${g}`}>
              <td>{g}</td>
              <td>{after.by_group[g].count}</td>
              {rates.map((r) => (
                <td key={r}>
                  {f3(before.by_group[g][r])} → {f3(after.by_group[g][r])} ({f3(sampled.by_group[g][r])})
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>ROC per group (fit rows)</h3>
      <RocChart
        roc={result.roc}
        fitted={result.operating_points}
        single={result.threshold_points}
        singleLabel={`score ≥ ${result.threshold}`}
      />
      <p className="muted">
        Filled: the fitted operating points; hollow: one threshold for everyone; dashed: each group&apos;s ROC
        convex hull.
      </p>
      <button
        type="button"
        onClick={() =>
          downloadFile(`thresholds-${result.constraints}.json`, toJsonText(result, 2), 'application/json')
        }
        data-testid="threshold-download"
      >
        Download JSON
      </button>
    </div>
  );
}
