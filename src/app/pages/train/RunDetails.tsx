import type { RunRecord } from '../../../lab/runs/types';
import { useLab } from '../../lab-session';
import { downloadFile } from '../../download';
import { GroupMetricsPanel } from '../../components/GroupMetricsPanel';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One run's numbers: overall accuracy, accuracy per group, the gap, and its model files. */
export function RunDetails({ run, onDelete }: { run: RunRecord; onDelete(): void }) {
  const { client } = useLab();
  const e = run.evaluation;
  const exportModel = async () => {
    const files = await client.call('exportModel', { id: run.id }).promise;
    downloadFile('model.json', files['model.json'], 'application/json');
    downloadFile('weights.bin', files['weights.bin']);
  };
  return (
    <div className="run-details" data-testid="run-details">
      <h3>
        {run.model.name} on {run.datasetName}
      </h3>
      <p>
        Test accuracy <strong data-testid="run-accuracy">{percent(e.accuracy)}</strong> over {e.n} images; gap
        between {e.groupAttribute} groups (max − min){' '}
        <strong data-testid="run-gap">{(e.accuracyDifference * 100).toFixed(1)} points</strong>.
      </p>
      <GroupMetricsPanel report={e.report} title={`Test split, by ${e.groupAttribute}`} />
      <div className="row">
        <button type="button" onClick={exportModel} data-testid="export-model">
          Download model (model.json + weights.bin)
        </button>
        <button type="button" onClick={onDelete}>
          Delete run
        </button>
        <span className="muted">
          {run.parameterCount.toLocaleString()} parameters · trained on {run.backend} in{' '}
          {run.history.seconds.toFixed(1)} s
        </span>
      </div>
    </div>
  );
}
