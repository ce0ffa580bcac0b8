/** `lab search`'s flags, in one list the parser and `--help` both read. */
import { numberFlag, UsageError, type ParsedArgs } from '../args';
import type { FlagGroup } from '../flag-help';
import {
  LARGE_PRESET,
  QUICK_PRESET,
  neutralConfig,
  type SyntheticConfig,
} from '../../lab/data/synthetic/config';
import { parseMitigation, type MitigationSpec } from '../../lab/mitigation/spec';
import { SEARCH_SPACES } from '../../lab/search/presets';
import { SAMPLER_NAMES, type SamplerName } from '../../lab/search/settings';
import type { LabSearchSettings } from '../../lab/search/training/lab-search';
import { defaultDisparity, DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../lab/train/config';

export const SEARCH_FLAGS: FlagGroup[] = [
  {
    title: 'data and task',
    flags: [
      {
        name: 'dataset',
        value: 'synthetic|NAME',
        help: 'the synthetic faces, or a dataset in the store (default synthetic)',
      },
      { name: 'store', value: 'DIR', help: 'the CLI store of `lab import` (default .lab-data)' },
      { name: 'preset', value: 'quick|large', help: 'synthetic dataset size (default quick)' },
      { name: 'neutral', help: 'synthetic dataset with neutral bias knobs' },
      {
        name: 'task',
        value: 'identity|ATTR',
        help: 'identity (identification, default) or a categorical attribute',
      },
      { name: 'group', value: 'ATTR', help: 'sensitive attribute whose groups are compared' },
      {
        name: 'disparity',
        value: 'NAME',
        help: 'the second objective (default rank_disparity / accuracy_difference)',
      },
    ],
  },
  {
    title: 'search',
    flags: [
      {
        name: 'space',
        value: Object.keys(SEARCH_SPACES).join('|'),
        help: 'the search space (default frnas)',
      },
      { name: 'sampler', value: SAMPLER_NAMES.join('|'), help: 'the sampler (default parego)' },
      { name: 'trials', value: 'N', help: 'sampled trials (default 8); baselines run in addition' },
      {
        name: 'min-epochs',
        value: 'A',
        help: 'Hyperband’s minimum budget (default: max-epochs, no Hyperband)',
      },
      { name: 'max-epochs', value: 'B', help: 'the full budget (default 2)' },
      { name: 'eta', value: 'η', help: 'Hyperband’s η (default 2, as FR-NAS)' },
      { name: 'population', value: 'N', help: 'NSGA-II population size' },
      { name: 'max-params', value: 'N', help: 'constraint: trials with more parameters are infeasible' },
      {
        name: 'mitigation',
        value: 'M,M',
        help: 'mitigation baselines: flipped, angular, adversarial, reweight, balanced, threshold:C',
      },
      { name: 'no-baselines', help: 'skip the other families’ baselines (FR-NAS’s own still run)' },
      { name: 'width', value: 'W', help: 'the FR-NAS DPN width multiplier (default 0.08)' },
      { name: 'batch', value: 'B', help: 'batch size (default 32)' },
      { name: 'seed', value: 'S', help: 'seed of the data, the sampler and the weights (default 1)' },
    ],
  },
  {
    title: 'running and keeping',
    flags: [
      { name: 'workers', value: 'K', help: 'trials trained at once in worker threads (default 1)' },
      {
        name: 'storage',
        value: 'FILE',
        help: 'append-only journal; running again with it resumes the study',
      },
      { name: 'name', value: 'NAME', help: 'study name (default from the settings)' },
      { name: 'export-optuna', value: 'FILE', help: 'write the study as an Optuna JournalStorage file' },
      { name: 'export-json', value: 'FILE', help: 'write the study as JSON' },
      { name: 'export-csv', value: 'FILE', help: 'write the trials as CSV' },
      { name: 'backend', value: 'B', help: 'wasm (default), cpu, webgpu' },
      { name: 'quiet', help: 'no progress on stderr' },
      { name: 'json', help: 'print JSON' },
    ],
  },
];

export interface SearchOptions {
  dataset: { kind: 'synthetic'; config: SyntheticConfig } | { kind: 'stored'; name: string; store: string };
  settings: LabSearchSettings;
  train: TrainConfig;
  frnasWidth?: number;
  workers: number;
  storage?: string;
  name: string;
}

export function parseSearchOptions(args: ParsedArgs): SearchOptions {
  const seed = numberFlag(args, 'seed', 1);
  const preset = args.flags.get('preset') ?? 'quick';
  if (preset !== 'quick' && preset !== 'large')
    throw new UsageError(`--preset must be quick or large (got "${preset}")`);
  const datasetFlag = args.flags.get('dataset') ?? 'synthetic';
  const base = { ...(preset === 'large' ? LARGE_PRESET : QUICK_PRESET), seed };
  const dataset: SearchOptions['dataset'] =
    datasetFlag === 'synthetic'
      ? { kind: 'synthetic', config: args.switches.has('neutral') ? neutralConfig(base) : base }
      : { kind: 'stored', name: datasetFlag, store: args.flags.get('store') ?? '.lab-data' };
  const space = args.flags.get('space') ?? 'frnas';
  if (!(space in SEARCH_SPACES))
    throw new UsageError(`--space must be ${Object.keys(SEARCH_SPACES).join(', ')} (got "${space}")`);
  const sampler = (args.flags.get('sampler') ?? 'parego') as SamplerName;
  if (!SAMPLER_NAMES.includes(sampler))
    throw new UsageError(`--sampler must be ${SAMPLER_NAMES.join(', ')} (got "${sampler}")`);
  const target = args.flags.get('task') ?? (space === 'frnas' ? 'identity' : 'expression');
  const task = target === 'identity' ? 'identification' : 'classification';
  if (space === 'frnas' && task !== 'identification')
    throw new UsageError(
      '--space frnas searches face heads (CosFace, ArcFace, MagFace): use --task identity',
    );
  const positive = (name: string, fallback?: number) => {
    const value = numberFlag(args, name, fallback ?? NaN);
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive integer`);
    return value;
  };
  const maxEpochs = positive('max-epochs', 2);
  const minEpochs = args.flags.has('min-epochs') ? positive('min-epochs') : undefined;
  if (minEpochs !== undefined && minEpochs > maxEpochs)
    throw new UsageError(`--min-epochs (${minEpochs}) must not exceed --max-epochs (${maxEpochs})`);
  const disparity = args.flags.get('disparity') ?? defaultDisparity(task);
  let mitigations: MitigationSpec[];
  try {
    mitigations = (args.flags.get('mitigation') ?? '').split(',').filter(Boolean).map(parseMitigation);
  } catch (error) {
    throw new UsageError(`--mitigation: ${(error as Error).message}`);
  }
  const settings: LabSearchSettings = {
    space,
    sampler,
    trials: positive('trials', 8),
    maxEpochs,
    ...(minEpochs !== undefined ? { minEpochs } : {}),
    ...(args.flags.has('eta') ? { eta: numberFlag(args, 'eta', 2) } : {}),
    ...(args.flags.has('population') ? { populationSize: positive('population') } : {}),
    seed,
    objectives: ['error', disparity],
    mitigations,
    otherBaselines: !args.switches.has('no-baselines'),
    ...(args.flags.has('max-params') ? { maxParameters: positive('max-params') } : {}),
  };
  const train: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    target,
    task,
    seed,
    batchSize: positive('batch', 32),
    groupAttribute: args.flags.get('group'),
    schedule: { kind: 'cosine', warmupEpochs: 0 },
  };
  const name =
    args.flags.get('name') ??
    `${space}-${sampler}-${target}-${datasetFlag}-s${seed}-${settings.trials}x${minEpochs ?? maxEpochs}-${maxEpochs}`;
  return {
    dataset,
    settings,
    train,
    frnasWidth: args.flags.has('width') ? numberFlag(args, 'width', 0.08) : undefined,
    workers: positive('workers', 1),
    storage: args.flags.get('storage'),
    name,
  };
}
