import { useState } from 'react';
import type { RunRecord } from '../../../lab/runs/types';
import { useLab } from '../../lab-session';
import { downloadFile } from '../../download';
import { GroupMetricsPanel } from '../../components/GroupMetricsPanel';
import { IdentificationPanel } from '../../components/IdentificationPanel';
import { EpochObjectivesChart } from '../../components/EpochObjectivesChart';
import { NameField } from '../../components/NameField';

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** One run's numbers per group, its per-epoch validation, its settings and its model files. */
export function RunDetails({
  run,
  name,
  datasetName,
  disparity,
  onDelete,
  onRename,
}: {
  run: RunRecord;
  /** The name the run list shows. */
  name: string;
  /** The dataset's current name. */
  datasetName: string;
  disparity: string;
  onDelete(): void;
  onRename(label: string): Promise<void>;
}) {
  const { client } = useLab();
  const e = run.evaluation;
  const [exportError, setExportError] = useState<string | null>(null);
  const exportModel = async () => {
    let files;
    try {
      files = await client.call('exportModel', { id: run.id }).promise;
      setExportError(null);
    } catch (error) {
      setExportError(`Could not export the model: ${(error as Error).message}`);
      return;
    }
    downloadFile('model.json', files['model.json'], 'application/json');
    downloadFile('weights.bin', files['weights.bin']);
  };
  const params = Object.entries(run.trial.params)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
  return (
    <div className="run-details" data-testid="run-details">
      <h3>
        <NameField
          key={name}
          value={name}
          label="run name"
          onRename={onRename}
          testId="run-name"
          className="run-name"
        />{' '}
        <span className="muted" data-testid="run-dataset">
          on {datasetName}
        </span>
      </h3>
      <p className="muted" data-testid="run-params">
        {params}
      </p>
      {!e && (
        <p className="error" data-testid="run-failed">
          Training {run.trial.state}: {run.trial.reason}
        </p>
      )}
      {e?.kind === 'classification' && (
        <>
          <p>
            Test accuracy <strong data-testid="run-accuracy">{percent(e.accuracy)}</strong> over {e.n} images;
            gap between {e.groupAttribute} groups (max − min){' '}
            <strong data-testid="run-gap">
              {e.accuracyDifference === null ? '—' : `${(e.accuracyDifference * 100).toFixed(1)} points`}
            </strong>
            .
          </p>
          <GroupMetricsPanel report={e.report} title={`Test split, by ${e.groupAttribute}`} />
        </>
      )}
      {e?.kind === 'identification' && (
        <>
          <p>
            Identification error <strong data-testid="run-error">{percent(e.error)}</strong> over {e.n}{' '}
            probes; rank disparity between {e.groupAttribute} groups{' '}
            <strong data-testid="run-rank-disparity">
              {e.rankDisparity === null ? '—' : e.rankDisparity.toFixed(3)}
            </strong>
            .
          </p>
          <IdentificationPanel report={e.report} title={`Test split, by ${e.groupAttribute}`} />
        </>
      )}
      {run.history.epochs?.some((ep) => ep.discriminatorAccuracy !== undefined) && (
        <p data-testid="discriminator-accuracy">
          Adversarial discriminator’s accuracy at predicting {run.train.groupAttribute ?? 'the group'} from
          the model’s output, per epoch:{' '}
          {run.history.epochs
            .map((ep) =>
              ep.discriminatorAccuracy === undefined
                ? '—'
                : `${(ep.discriminatorAccuracy * 100).toFixed(1)}%`,
            )
            .join(' → ')}{' '}
          (falling toward the majority share means the representation hides the group).
        </p>
      )}
      {run.trial.epochs.length > 0 && (
        <EpochObjectivesChart epochs={run.trial.epochs} disparity={disparity} />
      )}
      <div className="row">
        <button type="button" onClick={() => void exportModel()} disabled={!e} data-testid="export-model">
          Download model (model.json + weights.bin)
        </button>
        {e && (
          <a
            className="button-link"
            href={`?run=${encodeURIComponent(run.id)}#/compress`}
            data-testid="compress-run"
          >
            Compress this model
          </a>
        )}
        <button type="button" onClick={onDelete}>
          Delete run
        </button>
        <span className="muted">
          {run.parameterCount.toLocaleString()} parameters · trained on {run.backend} in{' '}
          {run.history.seconds.toFixed(1)} s
        </span>
      </div>
      {exportError && (
        <p className="error" role="alert" data-testid="export-error">
          {exportError}
        </p>
      )}
    </div>
  );
}
