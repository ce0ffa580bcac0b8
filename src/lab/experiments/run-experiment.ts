import type { DatasetStore } from '../store/types';
import type { DatasetManifest } from '../data/types';
import { attribute, sensitiveAttributes } from '../data/types';
import type { JobContext } from '../jobs/job';
import type { BackendName } from '../backend/types';
import { buildModel } from '../models/build';
import { MODEL_PRESETS, type ModelConfig, type ModelPresetName } from '../models/config';
import { modelToFiles, type ModelFiles } from '../models/artifacts';
import { trainClassifier, type TrainConfig } from '../train/train';
import { predictSplit } from '../eval/predict';
import { evaluateByGroup } from '../eval/group-evaluation';
import type { RunRecord } from '../runs/types';

export interface ExperimentSpec {
  datasetId: string;
  /** A preset name, or a full JSON architecture. */
  model: ModelPresetName | ModelConfig;
  train: TrainConfig;
  /** Sensitive attribute whose groups are compared; the dataset's first sensitive attribute by default. */
  groupAttribute?: string;
  seed: number;
}

export function resolveModelConfig(spec: ExperimentSpec, manifest: DatasetManifest): ModelConfig {
  const numClasses = attribute(manifest, spec.train.target).values.length;
  const base =
    typeof spec.model === 'string'
      ? MODEL_PRESETS[spec.model](manifest.image.size, manifest.image.channels, numClasses)
      : spec.model;
  return { ...base, seed: spec.seed };
}

/** Build → train → evaluate on the test split → a run record and the model's files. */
export async function runExperiment(
  store: DatasetStore,
  spec: ExperimentSpec,
  backend: BackendName,
  job: JobContext,
): Promise<{ record: RunRecord; files: ModelFiles }> {
  const manifest = await store.manifest(spec.datasetId);
  if (!manifest) throw new Error(`No dataset with id "${spec.datasetId}"`);
  const groupAttribute = spec.groupAttribute ?? sensitiveAttributes(manifest)[0]?.name;
  if (!groupAttribute)
    throw new Error(`Dataset "${manifest.name}" has no sensitive attribute to compare groups by`);
  const modelConfig = resolveModelConfig(spec, manifest);
  const model = buildModel(modelConfig);
  try {
    const history = await trainClassifier(model, store, manifest, spec.train, job);
    const predictions = await predictSplit(
      model,
      store,
      manifest,
      { target: spec.train.target, split: 'test' },
      job,
    );
    const evaluation = evaluateByGroup(predictions, groupAttribute);
    const id = `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    const record: RunRecord = {
      id,
      createdAt: new Date().toISOString(),
      datasetId: manifest.id,
      datasetName: manifest.name,
      model: modelConfig,
      parameterCount: model.countParams(),
      train: spec.train,
      backend,
      history,
      evaluation,
    };
    const files = await modelToFiles(model, {
      fairnessLab: { runId: id, target: spec.train.target, classNames: predictions.classNames, modelConfig },
      dataset: { id: manifest.id, name: manifest.name, image: manifest.image, source: manifest.source },
    });
    return { record, files };
  } finally {
    model.dispose();
  }
}
