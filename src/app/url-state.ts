import { isBackendName, type BackendName } from '../lab/backend/types';
import { QUICK_PRESET, type SyntheticConfig } from '../lab/data/synthetic/config';
import { configFromSearchParams, configToSearchParams } from '../lab/data/synthetic/url';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../lab/train/config';
import { isModelPreset, type ModelPresetName } from '../lab/models/config';

/** The whole experiment as URL parameters, as in TensorFlow Playground: share a link, get the same lab. */
export interface ExperimentState {
  backend?: BackendName;
  dataset: SyntheticConfig;
  model: ModelPresetName;
  train: TrainConfig;
}

const DATASET_PREFIX = 'd.';

export function defaultExperiment(): ExperimentState {
  return { dataset: QUICK_PRESET, model: 'quick-cnn', train: DEFAULT_TRAIN_CONFIG };
}

/** Reads the state; a bad parameter is reported and replaced by the default, never silently. */
export function readExperiment(search: string): { state: ExperimentState; problems: string[] } {
  const params = new URLSearchParams(search);
  const state = defaultExperiment();
  const problems: string[] = [];
  const backend = params.get('backend');
  if (backend) {
    if (isBackendName(backend)) state.backend = backend;
    else problems.push(`Unknown backend "${backend}" in the URL (use webgpu, webgl, wasm or cpu)`);
  }
  if ([...params.keys()].some((k) => k.startsWith(DATASET_PREFIX))) {
    try {
      state.dataset = configFromSearchParams(params, DATASET_PREFIX);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const model = params.get('model');
  if (model) {
    if (isModelPreset(model)) state.model = model;
    else problems.push(`Unknown model "${model}" in the URL`);
  }
  const number = (key: string, apply: (n: number) => void) => {
    const raw = params.get(key);
    if (raw === null) return;
    const n = Number(raw);
    if (Number.isFinite(n) && n > 0) apply(n);
    else problems.push(`URL parameter "${key}" must be a positive number (got "${raw}")`);
  };
  state.train = { ...state.train, optimizer: { ...state.train.optimizer } };
  number('epochs', (n) => (state.train.epochs = Math.round(n)));
  number('batch', (n) => (state.train.batchSize = Math.round(n)));
  number('lr', (n) => (state.train.optimizer.learningRate = n));
  number('steps', (n) => (state.train.maxSteps = Math.round(n)));
  number('seed', (n) => (state.train.seed = Math.round(n)));
  return { state, problems };
}

export function writeExperiment(state: ExperimentState): string {
  const params = configToSearchParams(state.dataset, DATASET_PREFIX);
  if (state.backend) params.set('backend', state.backend);
  if (state.model !== 'quick-cnn') params.set('model', state.model);
  const d = DEFAULT_TRAIN_CONFIG;
  if (state.train.epochs !== d.epochs) params.set('epochs', String(state.train.epochs));
  if (state.train.batchSize !== d.batchSize) params.set('batch', String(state.train.batchSize));
  if (state.train.optimizer.learningRate !== d.optimizer.learningRate) {
    params.set('lr', String(state.train.optimizer.learningRate));
  }
  if (state.train.maxSteps !== undefined) params.set('steps', String(state.train.maxSteps));
  if (state.train.seed !== d.seed) params.set('seed', String(state.train.seed));
  return params.toString();
}
