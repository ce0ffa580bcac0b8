/** `lab train`'s flags → the synthetic dataset, the architecture, the head and the training settings. */
import { numberFlag, UsageError, type ParsedArgs } from '../args';
import {
  LARGE_PRESET,
  QUICK_PRESET,
  neutralConfig,
  type SyntheticConfig,
} from '../../lab/data/synthetic/config';
import { architectureConfig, FAMILIES, isFamilyName, type ArchitectureSpec } from '../../lab/models/families';
import { DEFAULT_HEADS, HEAD_KINDS, type HeadKind, type HeadSpec } from '../../lab/models/heads/spec';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../lab/train/config';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../lab/train/optimizer-spec';
import { DEFAULT_SCHEDULES, SCHEDULE_KINDS, type ScheduleSpec } from '../../lab/train/schedule';
import type { AugmentSpec } from '../../lab/train/augment';
import { parseMitigation } from '../../lab/mitigation/spec';

export const TRAIN_FLAGS: Record<string, string> = {
  task: 'expression | identity | any categorical attribute (default expression)',
  arch: `architecture family: ${FAMILIES.map((f) => f.name).join(' | ')} (default quick-cnn)`,
  model: 'alias of --arch',
  edges: 'FR-NAS edges, three op indices 0–8, e.g. 680 (frnas-dpn)',
  width: 'width multiplier (frnas-dpn, expression-cnn) or base filters (conv)',
  groups: 'groups of FR-NAS edge 2 (default round(50 · width))',
  embedding: 'embedding size (default 128 for frnas-dpn)',
  head: `${HEAD_KINDS.join(' | ')} (default cosface for identity, softmax otherwise)`,
  focal: 'focal-loss γ (FR-NAS: 2); default plain cross-entropy',
  optimizer: `${OPTIMIZER_NAMES.join(' | ')} (default adam)`,
  lr: 'learning rate',
  'weight-decay': 'weight decay (sgd: L2, adamw: decoupled)',
  momentum: 'SGD momentum (default 0.9)',
  schedule: `${SCHEDULE_KINDS.join(' | ')} (default constant)`,
  warmup: 'cosine warm-up epochs (default 1)',
  augment: 'flip, crop:N or flip,crop:N',
  epochs: 'epochs (default 3)',
  batch: 'batch size (default 32)',
  steps: 'stop after N steps in total',
  disparity: 'the disparity objective (default rank_disparity / accuracy_difference)',
  mitigation:
    'none | flipped[:fraction] | angular[:minority margin] | adversarial[:λ] | reweight | balanced | threshold:CONSTRAINT',
  group: 'sensitive attribute to compare (default skin)',
  seed: 'seed of data, weights and order (default 1)',
  preset: 'quick | large synthetic dataset (default quick)',
  neutral: 'neutral bias knobs',
  save: 'directory for model.json, weights.bin, dataset.json, run.json',
  backend: 'webgpu | webgl | wasm | cpu',
  replicas:
    'split each batch over N one-thread wasm replicas (data-parallel, batch norm over the whole batch; default 1)',
  quiet: 'no progress on stderr',
  json: 'print JSON',
};

export const TRAIN_SWITCHES = ['json', 'neutral', 'quiet'];

export interface TrainOptions {
  dataset: SyntheticConfig;
  preset: 'quick' | 'large';
  architecture: ArchitectureSpec;
  head: HeadSpec;
  train: TrainConfig;
  seed: number;
}

const choice = <T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T => {
  const value = args.flags.get(name) ?? fallback;
  if (!allowed.includes(value as T))
    throw new UsageError(`--${name} must be ${allowed.join(', ')} (got "${value}")`);
  return value as T;
};

function parseAugment(raw: string | undefined): AugmentSpec | undefined {
  if (raw === undefined) return undefined;
  const spec: AugmentSpec = {};
  for (const part of raw.split(',')) {
    const crop = /^crop:(\d+)$/.exec(part);
    if (part === 'flip') spec.flip = true;
    else if (crop) spec.crop = Number(crop[1]);
    else throw new UsageError(`--augment takes flip, crop:N or both, comma-separated (got "${part}")`);
  }
  return spec;
}

function architecture(args: ParsedArgs): ArchitectureSpec {
  const family = args.flags.get('arch') ?? args.flags.get('model') ?? 'quick-cnn';
  if (!isFamilyName(family))
    throw new UsageError(`--arch must be one of ${FAMILIES.map((f) => f.name).join(', ')} (got "${family}")`);
  const number = (name: string) => (args.flags.has(name) ? numberFlag(args, name, 0) : undefined);
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  if (family === 'frnas-dpn') {
    return {
      family,
      params: defined({
        edges: args.flags.get('edges'),
        width: number('width'),
        groups: number('groups'),
        embedding: number('embedding'),
      }),
    };
  }
  for (const name of ['edges', 'groups', 'embedding'])
    if (args.flags.has(name)) throw new UsageError(`--${name} applies to --arch frnas-dpn only`);
  if (family === 'expression-cnn') return { family, params: defined({ width: number('width') }) };
  if (family === 'conv') return { family, params: defined({ width: number('width') }) };
  if (args.flags.has('width')) throw new UsageError(`--width does not apply to --arch ${family}`);
  return { family };
}

function mitigation(raw: string | undefined) {
  if (raw === undefined) return undefined;
  try {
    return parseMitigation(raw);
  } catch (error) {
    throw new UsageError(`--mitigation: ${(error as Error).message}`);
  }
}

export function parseTrainOptions(args: ParsedArgs): TrainOptions {
  const seed = numberFlag(args, 'seed', 1);
  const preset = choice(args, 'preset', ['quick', 'large'] as const, 'quick');
  const base = { ...(preset === 'large' ? LARGE_PRESET : QUICK_PRESET), seed };
  const dataset = args.switches.has('neutral') ? neutralConfig(base) : base;
  const taskFlag = args.flags.get('task') ?? 'expression';
  const identification = taskFlag === 'identity';
  const arch = architecture(args);
  const headKind = choice<HeadKind>(args, 'head', HEAD_KINDS, identification ? 'cosface' : 'softmax');
  const head: HeadSpec = {
    ...DEFAULT_HEADS[headKind],
    ...(args.flags.has('focal') ? { focal: numberFlag(args, 'focal', 2) } : {}),
  };
  // Fails here, before any data is made, on a bad architecture (edges, groups, width).
  architectureConfig(arch, { size: dataset.imageSize, channels: dataset.channels }, 4);
  const optimizerName = choice<OptimizerName>(args, 'optimizer', OPTIMIZER_NAMES, 'adam');
  const defaultLr = optimizerName === 'sgd' ? 0.1 : DEFAULT_TRAIN_CONFIG.optimizer.learningRate;
  const scheduleKind = choice(args, 'schedule', SCHEDULE_KINDS, 'constant');
  const schedule: ScheduleSpec =
    scheduleKind === 'cosine'
      ? { kind: 'cosine', warmupEpochs: numberFlag(args, 'warmup', 1) }
      : DEFAULT_SCHEDULES[scheduleKind];
  const train: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    target: taskFlag,
    task: identification ? 'identification' : 'classification',
    seed,
    epochs: numberFlag(args, 'epochs', DEFAULT_TRAIN_CONFIG.epochs),
    batchSize: numberFlag(args, 'batch', DEFAULT_TRAIN_CONFIG.batchSize),
    optimizer: {
      name: optimizerName,
      learningRate: numberFlag(args, 'lr', defaultLr),
      ...(args.flags.has('weight-decay') ? { weightDecay: numberFlag(args, 'weight-decay', 0) } : {}),
      ...(args.flags.has('momentum') ? { momentum: numberFlag(args, 'momentum', 0.9) } : {}),
    },
    schedule,
    augment: parseAugment(args.flags.get('augment')),
    maxSteps: args.flags.has('steps') ? numberFlag(args, 'steps', 0) : undefined,
    disparity: args.flags.get('disparity'),
    groupAttribute: args.flags.get('group'),
    mitigation: mitigation(args.flags.get('mitigation')),
  };
  return { dataset, preset, architecture: arch, head, train, seed };
}
