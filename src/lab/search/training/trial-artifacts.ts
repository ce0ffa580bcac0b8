import type { DatasetManifest } from '../../data/types';
import type { Evaluation } from '../../eval/evaluation';
import { exportFiles } from '../../experiments/export-files';
import { runParams } from '../../experiments/run-params';
import type { ModelFiles } from '../../models/artifacts';
import { RUN_SCHEMA_VERSION, type RunRecord } from '../../runs/types';
import type { DatasetStore } from '../../store/types';
import type { BackendName } from '../../backend/types';
import type { Objectives } from '../../train/config';
import { decodeCheckpoint } from '../../train/checkpoint';
import { TrainingSession } from '../../train/session';
import type { FrozenTrial, IntermediateValue } from '../frozen-trial';
import type { Checkpoint } from '../runner';

/** A trial's model, rebuilt from its checkpoint, as stock tfjs files (the export of a trained run). */
export async function trialModelFiles(
  store: DatasetStore,
  manifest: DatasetManifest,
  checkpoint: Checkpoint,
  id: string,
): Promise<{
  files: ModelFiles;
  session: { parameterCount: number; checkpoint: ReturnType<typeof decodeCheckpoint> };
}> {
  const decoded = decodeCheckpoint(checkpoint);
  const session = await TrainingSession.restore(store, manifest, decoded);
  try {
    return {
      files: await exportFiles(session, manifest, id),
      session: { parameterCount: session.trainable.model.countParams(), checkpoint: decoded },
    };
  } finally {
    session.dispose();
  }
}

/** A trial kept as a run record: its test evaluation, objectives, and the trial it was. */
export function trialRunRecord(options: {
  id: string;
  trial: FrozenTrial;
  objectives: string[];
  intermediate: IntermediateValue[];
  manifest: DatasetManifest;
  checkpoint: ReturnType<typeof decodeCheckpoint>;
  parameterCount: number;
  backend: BackendName;
  label: string;
}): RunRecord {
  const { trial, checkpoint } = options;
  const last = trial.results.at(-1);
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    id: options.id,
    createdAt: new Date().toISOString(),
    label: options.label,
    datasetId: options.manifest.id,
    datasetName: options.manifest.name,
    model: checkpoint.modelConfig,
    parameterCount: options.parameterCount,
    train: checkpoint.train,
    backend: options.backend,
    history: checkpoint.history,
    evaluation: trial.userAttrs.test_evaluation as Evaluation | undefined,
    objectives: (trial.userAttrs.test_objectives as Objectives | undefined) ?? {},
    trial: {
      params: {
        ...runParams(checkpoint.modelConfig, checkpoint.train),
        ...(trial.params as Record<string, string | number>),
      },
      state: trial.state === 'COMPLETE' ? 'complete' : trial.state === 'PRUNED' ? 'pruned' : 'failed',
      objectiveNames: options.objectives,
      values: last?.values,
      epochs: options.intermediate.map((v) => ({
        epoch: v.epoch,
        objectives: Object.fromEntries(options.objectives.map((o, i) => [o, v.values[i]])),
      })),
      budget: Math.max(0, ...trial.results.map((r) => r.budget)),
    },
  };
}
