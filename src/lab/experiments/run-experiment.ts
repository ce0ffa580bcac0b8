import type { DatasetStore } from '../store/types';
import type { DatasetManifest } from '../data/types';
import { attribute } from '../data/types';
import type { JobContext } from '../jobs/job';
import type { BackendName } from '../backend/types';
import type { ModelConfig } from '../models/config';
import { architectureConfig, type ArchitectureSpec, type FamilyName } from '../models/families';
import type { HeadSpec } from '../models/heads/spec';
import type { ModelFiles } from '../models/artifacts';
import { objectivesOf } from '../eval/evaluation';
import { defaultDisparity, taskOf, type TrainConfig } from '../train/config';
import { TrainingSession } from '../train/session';
import type { DataParallelSettings } from '../train/data-parallel/data-parallel-step';
import { RUN_SCHEMA_VERSION, type RunRecord } from '../runs/types';
import { exportFiles } from './export-files';
import { runParams } from './run-params';

export interface ExperimentSpec {
  datasetId: string;
  /** A family by name (its defaults), a family with settings, or a full JSON architecture. */
  model: FamilyName | ArchitectureSpec | ModelConfig;
  /** Default softmax. */
  head?: HeadSpec;
  train: TrainConfig;
  /** Sensitive attribute whose groups are compared; the dataset's first sensitive attribute by default. */
  groupAttribute?: string;
  seed: number;
  /** A name for the run. */
  label?: string;
}

export function resolveModelConfig(spec: ExperimentSpec, manifest: DatasetManifest): ModelConfig {
  const numClasses = attribute(manifest, spec.train.target).values.length;
  const input = { size: manifest.image.size, channels: manifest.image.channels };
  const model = spec.model;
  const base =
    typeof model === 'string'
      ? architectureConfig({ family: model } as ArchitectureSpec, input, numClasses)
      : 'family' in model && typeof model.family === 'string'
        ? architectureConfig(model as ArchitectureSpec, input, numClasses)
        : (model as ModelConfig);
  return { ...base, ...(spec.head ? { head: spec.head } : {}), seed: spec.seed };
}

/** Build → train (validating each epoch) → evaluate on the test split → a run record and its files. */
export async function runExperiment(
  store: DatasetStore,
  spec: ExperimentSpec,
  backend: BackendName,
  job: JobContext,
  parallel?: DataParallelSettings,
): Promise<{ record: RunRecord; files?: ModelFiles }> {
  const manifest = await store.manifest(spec.datasetId);
  if (!manifest) throw new Error(`No dataset with id "${spec.datasetId}"`);
  const modelConfig = resolveModelConfig(spec, manifest);
  const train: TrainConfig = {
    ...spec.train,
    groupAttribute: spec.groupAttribute ?? spec.train.groupAttribute,
  };
  const session = await TrainingSession.create(store, manifest, modelConfig, train, parallel);
  try {
    const outcome = await session.train(job);
    const disparity = train.disparity ?? defaultDisparity(taskOf(train));
    const id = `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    const base = {
      schemaVersion: RUN_SCHEMA_VERSION,
      id,
      createdAt: new Date().toISOString(),
      ...(spec.label ? { label: spec.label } : {}),
      datasetId: manifest.id,
      datasetName: manifest.name,
      model: modelConfig,
      parameterCount: session.trainable.model.countParams(),
      train: { ...train, groupAttribute: session.groupAttribute },
      backend,
      history: outcome.history,
    } satisfies Partial<RunRecord>;
    const epochs = (outcome.history.epochs ?? []).flatMap((e) =>
      e.objectives ? [{ epoch: e.epoch, objectives: e.objectives }] : [],
    );
    const params = runParams(modelConfig, train);
    if (outcome.state !== 'complete') {
      const record: RunRecord = {
        ...base,
        objectives: {},
        trial: {
          params,
          state: outcome.state,
          reason: outcome.reason,
          objectiveNames: ['error', disparity],
          epochs,
          budget: outcome.history.epochsCompleted,
        },
      };
      return { record };
    }
    const evaluation = await session.evaluate('test', job);
    const objectives = objectivesOf(evaluation);
    const record: RunRecord = {
      ...base,
      evaluation,
      objectives,
      trial: {
        params,
        state: 'complete',
        objectiveNames: ['error', disparity],
        values: [objectives.error ?? null, objectives[disparity] ?? null],
        epochs,
        budget: outcome.history.epochsCompleted,
      },
    };
    const files = await exportFiles(session, manifest, id);
    return { record, files };
  } finally {
    session.dispose();
  }
}
