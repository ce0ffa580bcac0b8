import { useEffect, useState } from 'react';
import type { DatasetManifest } from '../../../lab/data/types';
import type { RunRecord } from '../../../lab/runs/types';
import type { Objectives } from '../../../lab/train/config';
import { JobProgress } from '../../components/JobProgress';
import { LossChart, type LossPoint } from '../../components/LossChart';
import { EpochObjectivesChart } from '../../components/EpochObjectivesChart';
import type { useJob } from '../../hooks/useJob';
import type { ExperimentState } from '../../url-state';
import { ArchitectureFields } from './ArchitectureFields';
import { OptimizationFields } from './OptimizationFields';
import { MitigationFields, mitigationProblem } from './MitigationFields';
import { TaskFields } from './TaskFields';
import { untrainableReason } from './task-choices';

interface Props {
  experiment: ExperimentState;
  onExperiment(update: (e: ExperimentState) => ExperimentState): void;
  dataset: DatasetManifest | null;
  job: ReturnType<typeof useJob<RunRecord>>;
  onTrain(): void;
  disabled: boolean;
}

/** Step 2: train one model in the Worker, with progress, ETA, a live loss curve, per-epoch validation and Cancel. */
export function TrainSection({ experiment, onExperiment, dataset, job, onTrain, disabled }: Props) {
  const [loss, setLoss] = useState<LossPoint[]>([]);
  const [epochs, setEpochs] = useState<{ epoch: number; objectives: Objectives }[]>([]);
  const { state } = job;
  useEffect(() => {
    if (state.status !== 'running') return;
    const p = state.progress;
    if (!p) {
      setLoss([]);
      setEpochs([]);
    } else if (p.payload?.kind === 'epoch') {
      const { epoch, objectives } = p.payload as unknown as { epoch: number; objectives: Objectives };
      setEpochs((previous) => [...previous.filter((e) => e.epoch !== epoch), { epoch, objectives }]);
    } else if (p.phase === 'train' && p.metrics?.loss !== undefined) {
      const point = { step: p.done, loss: p.metrics.loss };
      setLoss((previous) => [...previous.filter((q) => q.step < point.step), point]);
    }
  }, [state]);
  useEffect(() => {
    if (state.status !== 'done') return;
    setLoss(state.result.history.loss.map((value, i) => ({ step: i + 1, loss: value })));
    setEpochs(state.result.trial.epochs);
  }, [state]);

  const untrainable = dataset ? untrainableReason(dataset, experiment.train) : null;
  const method = experiment.train.mitigation?.method;
  const mitigationBlocked = method !== undefined && mitigationProblem(method, experiment, dataset) !== null;
  const disparity = experiment.axes.x;
  return (
    <div className="card">
      <h2>2 · Train</h2>
      <TaskFields experiment={experiment} onExperiment={onExperiment} dataset={dataset} />
      <ArchitectureFields experiment={experiment} onExperiment={onExperiment} />
      <OptimizationFields experiment={experiment} onExperiment={onExperiment} />
      <MitigationFields experiment={experiment} onExperiment={onExperiment} dataset={dataset} />
      {untrainable && (
        <p className="warning" data-testid="untrainable">
          {untrainable}
        </p>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          onClick={onTrain}
          disabled={disabled || untrainable !== null || mitigationBlocked}
          data-testid="train"
        >
          Train and evaluate
        </button>
        {dataset && (
          <span className="muted">
            on {dataset.name}: {dataset.split.counts.train} train / {dataset.split.counts.val} validation /{' '}
            {dataset.split.counts.test} test images
          </span>
        )}
        <JobProgress state={state} onCancel={job.cancel} label="train" />
      </div>
      {(state.status === 'running' || loss.length > 0) && (
        <LossChart points={loss} live={state.status === 'running'} />
      )}
      {epochs.length > 0 && <EpochObjectivesChart epochs={epochs} disparity={disparity} />}
      {state.status === 'done' && <TrainSummary run={state.result} />}
    </div>
  );
}

function TrainSummary({ run }: { run: RunRecord }) {
  if (run.trial.state !== 'complete') {
    return (
      <p className="error" role="alert" data-testid="train-failed">
        Training {run.trial.state}: {run.trial.reason}
      </p>
    );
  }
  return (
    <p data-testid="train-summary">
      Trained {run.history.steps} steps in {run.history.seconds.toFixed(1)} s on {run.backend}; final loss{' '}
      <span data-testid="final-loss">{run.history.loss.at(-1)?.toFixed(4)}</span>
    </p>
  );
}
