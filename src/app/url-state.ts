import { isBackendName, type BackendName } from '../lab/backend/types';
import { mitigationText, parseMitigation } from '../lab/mitigation/spec';
import { QUICK_PRESET, type SyntheticConfig } from '../lab/data/synthetic/config';
import { configFromSearchParams, configToSearchParams } from '../lab/data/synthetic/url';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../lab/train/config';
import {
  architectureConfig,
  FAMILIES,
  familyParams,
  isFamilyName,
  type ArchitectureSpec,
} from '../lab/models/families';
import { DEFAULT_HEADS, HEAD_KINDS, type HeadKind } from '../lab/models/heads/spec';
import { OPTIMIZER_NAMES, type OptimizerName } from '../lab/train/optimizer-spec';
import { DEFAULT_SCHEDULES, SCHEDULE_KINDS, type ScheduleSpec } from '../lab/train/schedule';

/** The scatter's axes: x a disparity (by its metric name), y error or accuracy. */
export interface ChartAxes {
  x: string;
  y: 'error' | 'accuracy';
}

/** The whole experiment as URL parameters, as in TensorFlow Playground: share a link, get the same lab. */
export interface ExperimentState {
  backend?: BackendName;
  /** The synthetic dataset's settings; the stored dataset Train uses unless `data` names another. */
  dataset: SyntheticConfig;
  /** A stored dataset that `dataset` cannot describe (an import or a bundle), by id: `data=<id>`. */
  data?: string;
  architecture: ArchitectureSpec;
  head: HeadKind;
  /** `target` is the task: 'expression', 'identity' (identification) or any categorical attribute. */
  train: TrainConfig;
  axes: ChartAxes;
}

const DATASET_PREFIX = 'd.';
/** Architecture settings travel as `a.<param>` (e.g. a.edges=680&a.width=0.08). */
const ARCH_PREFIX = 'a.';

export function defaultExperiment(): ExperimentState {
  return {
    dataset: QUICK_PRESET,
    architecture: { family: 'quick-cnn' },
    head: 'softmax',
    train: DEFAULT_TRAIN_CONFIG,
    axes: { x: 'accuracy_difference', y: 'accuracy' },
  };
}

/** Identification for the identity attribute, classification otherwise. */
export function taskForTarget(target: string): TrainConfig['task'] {
  return target === 'identity' ? 'identification' : 'classification';
}

function readArchitecture(params: URLSearchParams, problems: string[]): ArchitectureSpec | undefined {
  const family = params.get('arch') ?? params.get('model');
  if (family === null) return undefined;
  if (!isFamilyName(family)) {
    problems.push(
      `Unknown architecture "${family}" in the URL (known: ${FAMILIES.map((f) => f.name).join(', ')})`,
    );
    return undefined;
  }
  const defaults = familyParams({ family } as ArchitectureSpec);
  const settings: Record<string, string | number | boolean> = {};
  for (const [key, raw] of params) {
    if (!key.startsWith(ARCH_PREFIX)) continue;
    const name = key.slice(ARCH_PREFIX.length);
    const kind = typeof defaults[name];
    if (!(name in defaults) && name !== 'groups') {
      problems.push(`URL parameter "${key}" is not a setting of ${family}`);
      continue;
    }
    settings[name] =
      kind === 'number' || name === 'groups' ? Number(raw) : kind === 'boolean' ? raw === 'true' : raw;
  }
  const spec = { family, params: settings } as ArchitectureSpec;
  try {
    architectureConfig(spec, { size: 32, channels: 3 }, 4);
  } catch (error) {
    problems.push(`Architecture in the URL: ${(error as Error).message}`);
    return undefined;
  }
  return spec;
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
  const data = params.get('data');
  if (data !== null) {
    if (data.trim()) state.data = data;
    else problems.push('URL parameter "data" must name a stored dataset (got an empty value)');
  }
  if (hasDatasetSettings(search)) {
    try {
      state.dataset = configFromSearchParams(params, DATASET_PREFIX);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  state.architecture = readArchitecture(params, problems) ?? state.architecture;
  const oneOf = <T extends string>(key: string, allowed: readonly T[], apply: (v: T) => void) => {
    const raw = params.get(key);
    if (raw === null) return;
    if (allowed.includes(raw as T)) apply(raw as T);
    else problems.push(`URL parameter "${key}" must be one of ${allowed.join(', ')} (got "${raw}")`);
  };
  const train: TrainConfig = { ...state.train, optimizer: { ...state.train.optimizer } };
  const task = params.get('task');
  if (task) {
    train.target = task;
    train.task = taskForTarget(task);
    if (train.task === 'identification') {
      state.axes.x = 'rank_disparity';
      state.head = 'cosface';
    }
  }
  oneOf('head', HEAD_KINDS, (h) => (state.head = h));
  oneOf('opt', OPTIMIZER_NAMES, (o: OptimizerName) => (train.optimizer.name = o));
  oneOf('sched', SCHEDULE_KINDS, (kind) => (train.schedule = DEFAULT_SCHEDULES[kind] as ScheduleSpec));
  oneOf('y', ['error', 'accuracy'] as const, (y) => (state.axes.y = y));
  const x = params.get('x');
  if (x) state.axes.x = x;
  const group = params.get('group');
  if (group) train.groupAttribute = group;
  const number = (key: string, apply: (n: number) => void) => {
    const raw = params.get(key);
    if (raw === null) return;
    const n = Number(raw);
    if (Number.isFinite(n) && n > 0) apply(n);
    else problems.push(`URL parameter "${key}" must be a positive number (got "${raw}")`);
  };
  number('epochs', (n) => (train.epochs = Math.round(n)));
  number('batch', (n) => (train.batchSize = Math.round(n)));
  number('lr', (n) => (train.optimizer.learningRate = n));
  number('steps', (n) => (train.maxSteps = Math.round(n)));
  number('seed', (n) => (train.seed = Math.round(n)));
  const mit = params.get('mit');
  if (mit) {
    try {
      train.mitigation = parseMitigation(mit);
    } catch (error) {
      problems.push(`URL parameter "mit": ${(error as Error).message}`);
    }
  }
  const aug = params.get('aug');
  if (aug) {
    const flip = aug.split(',').includes('flip');
    const crop = /crop:(\d+)/.exec(aug);
    if (!flip && !crop) problems.push(`URL parameter "aug" takes flip, crop:N or both (got "${aug}")`);
    else train.augment = { flip, ...(crop ? { crop: Number(crop[1]) } : {}) };
  }
  state.train = train;
  return { state, problems };
}

/** True when the query sets synthetic dataset settings (`d.*`): a link that describes a dataset. */
export function hasDatasetSettings(search: string): boolean {
  return [...new URLSearchParams(search).keys()].some((k) => k.startsWith(DATASET_PREFIX));
}

export function writeExperiment(state: ExperimentState): string {
  // A named stored dataset replaces the synthetic settings, so a link never describes two datasets.
  const params = state.data
    ? new URLSearchParams({ data: state.data })
    : configToSearchParams(state.dataset, DATASET_PREFIX);
  const d = defaultExperiment();
  if (state.backend) params.set('backend', state.backend);
  if (state.architecture.family !== d.architecture.family) params.set('arch', state.architecture.family);
  const archParams = 'params' in state.architecture ? (state.architecture.params ?? {}) : {};
  for (const [key, value] of Object.entries(archParams))
    if (value !== undefined) params.set(`${ARCH_PREFIX}${key}`, String(value));
  const t = state.train;
  const dt = DEFAULT_TRAIN_CONFIG;
  if (t.target !== dt.target) params.set('task', t.target);
  if (t.groupAttribute) params.set('group', t.groupAttribute);
  const defaultHead = t.task === 'identification' ? 'cosface' : d.head;
  if (state.head !== defaultHead) params.set('head', state.head);
  if (t.optimizer.name !== dt.optimizer.name) params.set('opt', t.optimizer.name);
  if (t.optimizer.learningRate !== dt.optimizer.learningRate)
    params.set('lr', String(t.optimizer.learningRate));
  if (t.schedule && t.schedule.kind !== 'constant') params.set('sched', t.schedule.kind);
  if (t.augment && (t.augment.flip || t.augment.crop))
    params.set(
      'aug',
      [t.augment.flip ? 'flip' : '', t.augment.crop ? `crop:${t.augment.crop}` : '']
        .filter(Boolean)
        .join(','),
    );
  if (t.mitigation && t.mitigation.method !== 'none') params.set('mit', mitigationText(t.mitigation));
  if (t.epochs !== dt.epochs) params.set('epochs', String(t.epochs));
  if (t.batchSize !== dt.batchSize) params.set('batch', String(t.batchSize));
  if (t.maxSteps !== undefined) params.set('steps', String(t.maxSteps));
  if (t.seed !== dt.seed) params.set('seed', String(t.seed));
  const defaultX = t.task === 'identification' ? 'rank_disparity' : d.axes.x;
  if (state.axes.x !== defaultX) params.set('x', state.axes.x);
  if (state.axes.y !== d.axes.y) params.set('y', state.axes.y);
  return params.toString();
}

/** The head spec of a state's head kind (the head's own paper's defaults). */
export const headOf = (state: ExperimentState) => DEFAULT_HEADS[state.head];
