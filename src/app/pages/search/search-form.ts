/**
 * The Search page's form: everything a study is made of, as plain values that travel in the URL
 * (`s.<key>`), so a shared link opens the same study. A bad value is reported and replaced by
 * the default, never dropped silently.
 */
import { frnasWidths } from '../../../lab/models/families/frnas-dpn';
import { mitigationText, parseMitigation, type MitigationSpec } from '../../../lab/mitigation/spec';
import { SAMPLER_NAMES, type SamplerName } from '../../../lab/search/settings';
import type { StudyConfig } from '../../../worker/api/search';

export const SPACE_NAMES = ['frnas', 'expression-cnn', 'conv'] as const;
export type SpaceName = (typeof SPACE_NAMES)[number];

export interface SearchForm {
  /** The study's name; empty: named from its settings. */
  name: string;
  datasetId: string;
  /** 'identity' (identification) or a categorical attribute (classification). */
  target: string;
  /** Groups the disparity is measured between; empty: the dataset's first attribute. */
  groupAttribute: string;
  /** The second objective; empty: rank disparity for identification, accuracy difference otherwise. */
  disparity: string;
  space: SpaceName;
  sampler: SamplerName;
  trials: number;
  minEpochs: number;
  maxEpochs: number;
  eta: number;
  seed: number;
  workers: number;
  batchSize: number;
  frnasWidth: number;
  /** Optuna-style constraint; 0: none. */
  maxParameters: number;
  /** Train the other families' baselines (expression CNN, default conv net) beside the search. */
  otherBaselines: boolean;
  mitigations: MitigationSpec[];
}

export interface SearchPreset {
  id: 'workshop' | 'deep';
  label: string;
  values: Partial<SearchForm>;
}

/**
 * Trial Workers the machine's cores allow: one per core, up to 4 (each holds its own copy of the
 * data). A browser trial Worker trains on the single-threaded build, so k Workers are how a study
 * uses k cores (bench/README.md: the Workshop study with 1 and 2 workers).
 */
export function defaultWorkers(cores: number): number {
  return Math.max(1, Math.min(4, cores));
}

export function defaultSearchForm(cores = 2): SearchForm {
  return {
    name: '',
    datasetId: '',
    target: 'identity',
    groupAttribute: '',
    disparity: '',
    space: 'frnas',
    sampler: 'parego',
    trials: 6,
    minEpochs: 1,
    maxEpochs: 2,
    eta: 2,
    seed: 0,
    workers: defaultWorkers(cores),
    batchSize: 32,
    frnasWidth: 0.04,
    maxParameters: 0,
    otherBaselines: false,
    mitigations: [],
  };
}

export const SEARCH_PRESETS: readonly SearchPreset[] = [
  {
    id: 'workshop',
    label: 'Workshop (2 min)',
    values: { trials: 6, minEpochs: 1, maxEpochs: 2, eta: 2, frnasWidth: 0.04, otherBaselines: false },
  },
  {
    id: 'deep',
    label: 'Deep (30 min+)',
    values: { trials: 40, minEpochs: 2, maxEpochs: 8, eta: 2, frnasWidth: 0.08, otherBaselines: true },
  },
];

export function applyPreset(form: SearchForm, preset: SearchPreset): SearchForm {
  return { ...form, ...preset.values };
}

export function presetOf(form: SearchForm): SearchPreset['id'] | 'custom' {
  const match = SEARCH_PRESETS.find((p) =>
    Object.entries(p.values).every(([k, v]) => form[k as keyof SearchForm] === v),
  );
  return match?.id ?? 'custom';
}

export const isIdentification = (form: SearchForm) => form.target === 'identity';

export function disparityOf(form: SearchForm): string {
  return form.disparity || (isIdentification(form) ? 'rank_disparity' : 'accuracy_difference');
}

/** The study's name: the one typed, else one made of its settings (so changing them starts another). */
export function studyName(form: SearchForm, datasetName = form.datasetId): string {
  if (form.name.trim()) return form.name.trim();
  const fidelity =
    form.minEpochs < form.maxEpochs ? `${form.minEpochs}-${form.maxEpochs}ep` : `${form.maxEpochs}ep`;
  return `${form.space} ${form.sampler} ${form.trials}× ${fidelity} seed ${form.seed} · ${datasetName}`;
}

/** Why the form cannot start a study (null: it can). */
export function formProblem(form: SearchForm): string | null {
  if (!form.datasetId)
    return 'Choose a stored dataset (generate one on the Train page or import one on Data).';
  if (form.minEpochs > form.maxEpochs)
    return `The minimum budget (${form.minEpochs} epochs) exceeds the maximum (${form.maxEpochs}).`;
  if (form.space === 'frnas' && !isIdentification(form))
    return 'FR-NAS’s space trains face-identification heads: choose the identity task, or another space.';
  if (form.eta < 2 && form.minEpochs < form.maxEpochs) return 'Hyperband’s η must be at least 2.';
  if (form.space === 'frnas') {
    try {
      frnasWidths(form.frnasWidth);
    } catch (error) {
      return `DPN width: ${(error as Error).message}`;
    }
  }
  return null;
}

/** The worker's StudyConfig of a valid form. */
export function toStudyConfig(form: SearchForm): StudyConfig {
  const identification = isIdentification(form);
  return {
    datasetId: form.datasetId,
    settings: {
      space: form.space,
      sampler: form.sampler,
      trials: form.trials,
      ...(form.minEpochs < form.maxEpochs ? { minEpochs: form.minEpochs, eta: form.eta } : {}),
      maxEpochs: form.maxEpochs,
      seed: form.seed,
      objectives: ['error', disparityOf(form)],
      otherBaselines: form.otherBaselines,
      ...(form.mitigations.length ? { mitigations: form.mitigations } : {}),
      ...(form.maxParameters > 0 ? { maxParameters: form.maxParameters } : {}),
    },
    train: {
      target: form.target,
      task: identification ? 'identification' : 'classification',
      ...(form.groupAttribute ? { groupAttribute: form.groupAttribute } : {}),
      batchSize: form.batchSize,
    },
    ...(form.space === 'frnas' ? { frnasWidth: form.frnasWidth } : {}),
    workers: form.workers,
  };
}

const PREFIX = 's.';
type NumberKey = {
  [K in keyof SearchForm]: SearchForm[K] extends number ? K : never;
}[keyof SearchForm];
const NUMBERS: Record<string, NumberKey> = {
  trials: 'trials',
  min: 'minEpochs',
  max: 'maxEpochs',
  eta: 'eta',
  seed: 'seed',
  workers: 'workers',
  batch: 'batchSize',
  width: 'frnasWidth',
  maxparams: 'maxParameters',
};
/** Counts: whole numbers ≥ 1 (seed and the constraint may be 0; the width is a fraction). */
const WHOLE = new Set<NumberKey>(['trials', 'minEpochs', 'maxEpochs', 'eta', 'workers', 'batchSize']);
const TEXTS = {
  name: 'name',
  data: 'datasetId',
  task: 'target',
  group: 'groupAttribute',
  disp: 'disparity',
} as const;

/** True when the query holds any search setting. */
export function hasSearchParams(search: string): boolean {
  return [...new URLSearchParams(search).keys()].some((k) => k.startsWith(PREFIX));
}

export function readSearchForm(search: string, base: SearchForm): { form: SearchForm; problems: string[] } {
  const params = new URLSearchParams(search);
  const form: SearchForm = { ...base, mitigations: [...base.mitigations] };
  const problems: string[] = [];
  const known = new Set([
    ...Object.keys(NUMBERS),
    ...Object.keys(TEXTS),
    'space',
    'sampler',
    'others',
    'mit',
  ]);
  for (const [key, raw] of params) {
    if (!key.startsWith(PREFIX)) continue;
    const name = key.slice(PREFIX.length);
    if (!known.has(name)) {
      problems.push(`URL parameter "${key}" is not a search setting`);
      continue;
    }
    if (name in NUMBERS) {
      const field = NUMBERS[name];
      const n = Number(raw);
      const ok = Number.isFinite(n) && (WHOLE.has(field) ? Number.isInteger(n) && n >= 1 : n >= 0);
      if (ok) form[field] = n;
      else
        problems.push(
          `URL parameter "${key}" must be a ${WHOLE.has(field) ? 'whole number ≥ 1' : 'number ≥ 0'} (got "${raw}")`,
        );
    } else if (name in TEXTS) form[TEXTS[name as keyof typeof TEXTS]] = raw;
    else if (name === 'space' || name === 'sampler') {
      const allowed: readonly string[] = name === 'space' ? SPACE_NAMES : SAMPLER_NAMES;
      if (allowed.includes(raw)) (form as unknown as Record<string, string>)[name] = raw;
      else problems.push(`URL parameter "${key}" must be one of ${allowed.join(', ')} (got "${raw}")`);
    } else if (name === 'others') form.otherBaselines = raw === '1' || raw === 'true';
    else if (name === 'mit') {
      try {
        form.mitigations = raw.split(',').filter(Boolean).map(parseMitigation);
      } catch (error) {
        problems.push(`URL parameter "${key}": ${(error as Error).message}`);
      }
    }
  }
  return { form, problems };
}

/** The form as `s.*` parameters: only what differs from the defaults, plus the dataset. */
export function writeSearchForm(form: SearchForm, defaults: SearchForm): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, field] of Object.entries(TEXTS))
    if (form[field] && (form[field] !== defaults[field] || field === 'datasetId'))
      params.set(PREFIX + key, form[field]);
  if (form.space !== defaults.space) params.set(`${PREFIX}space`, form.space);
  if (form.sampler !== defaults.sampler) params.set(`${PREFIX}sampler`, form.sampler);
  for (const [key, field] of Object.entries(NUMBERS))
    if (form[field] !== defaults[field]) params.set(PREFIX + key, String(form[field]));
  if (form.otherBaselines !== defaults.otherBaselines)
    params.set(`${PREFIX}others`, form.otherBaselines ? '1' : '0');
  if (form.mitigations.length) params.set(`${PREFIX}mit`, form.mitigations.map(mitigationText).join(','));
  return params;
}

/** The query with the search settings replaced, other parameters (backend, …) kept. */
export function withSearchForm(search: string, form: SearchForm, defaults: SearchForm): string {
  const params = new URLSearchParams(search);
  for (const key of [...params.keys()]) if (key.startsWith(PREFIX)) params.delete(key);
  for (const [key, value] of writeSearchForm(form, defaults)) params.set(key, value);
  return params.toString();
}

/** The form that made a stored study (its name typed, so it opens that study). */
export function formFromConfig(name: string, config: StudyConfig, base: SearchForm): SearchForm {
  const s = config.settings;
  const space = (SPACE_NAMES as readonly string[]).includes(s.space) ? (s.space as SpaceName) : base.space;
  return {
    ...base,
    name,
    datasetId: config.datasetId,
    target: config.train.target,
    groupAttribute: config.train.groupAttribute ?? '',
    disparity: s.objectives[1],
    space,
    sampler: s.sampler,
    trials: s.trials,
    minEpochs: s.minEpochs ?? s.maxEpochs,
    maxEpochs: s.maxEpochs,
    eta: s.eta ?? base.eta,
    seed: s.seed,
    workers: config.workers,
    batchSize: config.train.batchSize ?? base.batchSize,
    frnasWidth: config.frnasWidth ?? base.frnasWidth,
    maxParameters: s.maxParameters ?? 0,
    otherBaselines: s.otherBaselines ?? true,
    mitigations: s.mitigations ?? [],
  };
}
