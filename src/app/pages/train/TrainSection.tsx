import { useEffect, useState } from 'react';
import type { DatasetManifest } from '../../../lab/data/types';
import type { RunRecord } from '../../../lab/runs/types';
import { MODEL_PRESETS, type ModelPresetName } from '../../../lab/models/config';
import { JobProgress } from '../../components/JobProgress';
import { LossChart } from '../../components/LossChart';
import type { useJob } from '../../hooks/useJob';
import type { ExperimentState } from '../../url-state';

interface Props {
  experiment: ExperimentState;
  onExperiment(update: (e: ExperimentState) => ExperimentState): void;
  dataset: DatasetManifest | null;
  job: ReturnType<typeof useJob<RunRecord>>;
  onTrain(): void;
  disabled: boolean;
}

/** Step 2: train one model in the Worker, with progress, ETA, a live loss curve and Cancel. */
export function TrainSection({ experiment, onExperiment, dataset, job, onTrain, disabled }: Props) {
  const [loss, setLoss] = useState<number[]>([]);
  const { state } = job;
  useEffect(() => {
    if (state.status !== 'running') return;
    const p = state.progress;
    if (!p) setLoss([]);
    else if (p.phase === 'train' && p.metrics?.loss !== undefined) {
      setLoss((previous) => {
        const next = previous.slice(0, p.done - 1);
        while (next.length < p.done - 1) next.push(next.at(-1) ?? p.metrics!.loss);
        next.push(p.metrics!.loss);
        return next;
      });
    }
  }, [state]);
  useEffect(() => {
    if (state.status === 'done') setLoss(state.result.history.loss);
  }, [state]);

  const train = experiment.train;
  const setTrain = (patch: Partial<typeof train>) =>
    onExperiment((e) => ({ ...e, train: { ...e.train, ...patch } }));
  return (
    <div className="card">
      <h2>2 · Train</h2>
      <div className="row">
        <label>
          Model
          <select
            value={experiment.model}
            onChange={(e) => onExperiment((x) => ({ ...x, model: e.target.value as ModelPresetName }))}
            data-testid="model-preset"
          >
            {Object.keys(MODEL_PRESETS).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Epochs
          <input
            type="number"
            min={1}
            max={100}
            value={train.epochs}
            onChange={(e) => setTrain({ epochs: Math.max(1, Number(e.target.value) || 1) })}
            data-testid="epochs"
          />
        </label>
        <label>
          Batch
          <input
            type="number"
            min={1}
            max={512}
            value={train.batchSize}
            onChange={(e) => setTrain({ batchSize: Math.max(1, Number(e.target.value) || 1) })}
          />
        </label>
        <label>
          Learning rate
          <input
            type="number"
            step={0.001}
            min={0.0001}
            value={train.optimizer.learningRate}
            onChange={(e) =>
              setTrain({ optimizer: { ...train.optimizer, learningRate: Number(e.target.value) || 0.001 } })
            }
          />
        </label>
        <label>
          Max steps
          <input
            type="number"
            min={1}
            placeholder="all"
            value={train.maxSteps ?? ''}
            onChange={(e) =>
              setTrain({ maxSteps: e.target.value ? Math.max(1, Number(e.target.value)) : undefined })
            }
            data-testid="max-steps"
          />
        </label>
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={onTrain} disabled={disabled} data-testid="train">
          Train and evaluate
        </button>
        {dataset && (
          <span className="muted">
            on {dataset.name}: {dataset.split.counts.train} train / {dataset.split.counts.test} test images
          </span>
        )}
        <JobProgress state={state} onCancel={job.cancel} label="train" />
      </div>
      {(state.status === 'running' || loss.length > 0) && <LossChart loss={loss} />}
      {state.status === 'done' && (
        <p data-testid="train-summary">
          Trained {state.result.history.steps} steps in {state.result.history.seconds.toFixed(1)} s on{' '}
          {state.result.backend}; final loss{' '}
          <span data-testid="final-loss">{state.result.history.loss.at(-1)?.toFixed(4)}</span>
        </p>
      )}
    </div>
  );
}
