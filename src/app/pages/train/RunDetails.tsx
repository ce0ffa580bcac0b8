import type { RunRecord } from '../../../lab/runs/types';
import { useLab } from '../../lab-session';
import { downloadFile } from '../../download';

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
        Test accuracy <strong data-testid="run-accuracy">{percent(e.accuracy)}</strong> over {e.n} images; gap between{' '}
        {e.groupAttribute} groups (max − min){' '}
        <strong data-testid="run-gap">{(e.accuracyDifference * 100).toFixed(1)} points</strong>.
      </p>
      <table className="table" data-testid="group-table">
        <thead>
          <tr>
            <th>{e.groupAttribute}</th>
            <th>accuracy</th>
            <th>count</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(e.byGroup).map(([group, v]) => (
            <tr key={group} data-testid={`group-${group}`}>
              <td>{group}</td>
              <td>{percent(v.accuracy)}</td>
              <td>{v.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={exportModel} data-testid="export-model">
          Download model (model.json + weights.bin)
        </button>
        <button type="button" onClick={onDelete}>
          Delete run
        </button>
        <span className="muted">
          {run.parameterCount.toLocaleString()} parameters · trained on {run.backend} in {run.history.seconds.toFixed(1)} s
        </span>
      </div>
    </div>
  );
}
