import type { RunRecord } from '../../../lab/runs/types';
import { AccuracyDisparityScatter } from '../../components/AccuracyDisparityScatter';
import { RunDetails } from './RunDetails';

/** Step 3: every trained model on the accuracy-vs-disparity plane, and the chosen one per group. */
export function ResultsSection({
  runs,
  shown,
  onSelect,
  onDelete,
}: {
  runs: RunRecord[];
  shown: RunRecord | null;
  onSelect(id: string): void;
  onDelete(id: string): void;
}) {
  return (
    <div className="card">
      <h2>3 · Results</h2>
      {runs.length === 0 ? (
        <p className="muted">No trained models yet. Each trained model appears here as one point.</p>
      ) : (
        <AccuracyDisparityScatter runs={runs} onSelect={onSelect} />
      )}
      {shown && <RunDetails run={shown} onDelete={() => onDelete(shown.id)} />}
    </div>
  );
}
