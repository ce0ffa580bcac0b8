/**
 * The Audit page's form state: the mapping and the data choices, kept in localStorage so a
 * reload keeps the form. Pure helpers only (no tfjs: the engine's mapping module is plain TS).
 */
import type { ModelInfo } from '../../../lab/audit/inspect';
import type { AuditMapping, OutputMapping } from '../../../lab/audit/mapping';
import type { DatasetManifest, SplitName } from '../../../lab/data/types';

export type AuditRoute = 'model' | 'csv';
export type AuditSplit = SplitName | 'all';

export interface DataChoice {
  datasetId: string;
  split: AuditSplit;
  target: string;
  groupAttributes: string[];
  filters: string[];
  /** '' = automatic (the sigmoid's positive side). */
  positive: string;
  /** '' = the report's default. */
  privileged: string;
  bootstrap: number;
  /** 0 = every image. */
  limit: number;
}

export interface SavedAudit {
  route: AuditRoute;
  /** The model the mapping was made for (see modelKey): the same model keeps it on load. */
  modelKey: string | null;
  mapping: AuditMapping;
  data: DataChoice;
}

const KEY = 'fairness-lab.audit.v1';

export const DEFAULT_BOOTSTRAP = 1000;

export function defaultMapping(): AuditMapping {
  return {
    source: 'manual',
    input: {
      size: [224, 224],
      resize: 'bilinear',
      resizeConvention: 'half-pixel',
      crop: 'none',
      channels: 'rgb',
      scale: '0-1',
    },
    output: { kind: 'classes', output: '', activation: 'softmax', classNames: [] },
  };
}

export function defaultData(): DataChoice {
  return {
    datasetId: '',
    split: 'all',
    target: '',
    groupAttributes: [],
    filters: [],
    positive: '',
    privileged: '',
    bootstrap: DEFAULT_BOOTSTRAP,
    limit: 0,
  };
}

export function loadSaved(): SavedAudit {
  const fallback: SavedAudit = {
    route: 'model',
    modelKey: null,
    mapping: defaultMapping(),
    data: defaultData(),
  };
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return fallback;
    const saved = JSON.parse(raw) as Partial<SavedAudit>;
    return {
      route: saved.route === 'csv' ? 'csv' : 'model',
      modelKey: typeof saved.modelKey === 'string' ? saved.modelKey : null,
      mapping: saved.mapping?.input && saved.mapping.output ? saved.mapping : fallback.mapping,
      data: { ...fallback.data, ...(saved.data ?? {}) },
    };
  } catch {
    return fallback;
  }
}

export function save(state: SavedAudit): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // Storage full or blocked: the form simply is not kept.
  }
}

/** Identifies a model across reloads: its name and interface (every lab export is "model.json"). */
export function modelKey(info: ModelInfo): string {
  const tensors = (list: ModelInfo['inputs']) =>
    list.map((t) => `${t.name}[${t.shape?.join(',') ?? '?'}]`).join(';');
  return `${info.name} ${info.format} ${info.params} ${tensors(info.inputs)} -> ${tensors(info.outputs)}`;
}

/** Wider outputs are guessed to be embeddings. */
const MAX_GUESSED_CLASSES = 100;

/** A mapping for a model no preset knows: its input size and channels, its first output. */
export function mappingForModel(info: ModelInfo, base: AuditMapping): AuditMapping {
  const shape = info.inputs[0]?.shape ?? [];
  const [h, w, c] = [shape[1], shape[2], shape[3]];
  const output = info.outputs[0];
  const width = output?.shape
    ?.slice(1)
    .reduce<number | null>((a, d) => (a === null || d === null ? null : a * d), 1);
  let out: OutputMapping;
  if (width === 1) {
    out = {
      kind: 'sigmoid',
      output: output.name,
      threshold: 0.5,
      positive: 'positive',
      negative: 'negative',
    };
  } else if (width !== null && width !== undefined && width > MAX_GUESSED_CLASSES) {
    // Hundreds of values per image: more likely a feature vector than class scores.
    out = { kind: 'embedding', output: output.name };
  } else {
    out = {
      kind: 'classes',
      output: output?.name ?? '',
      activation: 'softmax',
      classNames: Array.from({ length: width ?? 2 }, (_, i) => `class_${i}`),
    };
  }
  return {
    source: 'manual',
    input: {
      ...base.input,
      input: info.inputs.length > 1 ? info.inputs[0].name : undefined,
      size: [h ?? base.input.size[0], w ?? h ?? base.input.size[1]],
      channels: c === 1 ? 'gray' : c === 3 && base.input.channels === 'gray' ? 'rgb' : base.input.channels,
    },
    output: out,
  };
}

/** A preset edited by hand says so in its source. */
export function edited(mapping: AuditMapping): AuditMapping {
  const source = mapping.source ?? 'manual';
  return {
    ...mapping,
    source: source.endsWith('(edited)') || source === 'manual' ? source : `${source} (edited)`,
  };
}

/** The model's labels a mapping can predict (before the label map). */
export function outputLabels(output: OutputMapping): string[] {
  if (output.kind === 'classes') return output.classNames;
  if (output.kind === 'sigmoid') return [output.negative, output.positive];
  return [];
}

/** Default target: the lab's, else the attribute whose values cover most model labels. */
export function guessTarget(manifest: DatasetManifest, mapping: AuditMapping, preferred?: string): string {
  const names = manifest.categorical.map((a) => a.name);
  if (preferred && names.includes(preferred)) return preferred;
  const out = mapping.output;
  const labels = outputLabels(out).map((l) => (out.kind !== 'embedding' && out.labelMap?.[l]) || l);
  let best = '';
  let bestHits = 0;
  for (const a of manifest.categorical) {
    const hits = labels.filter((l) => a.values.includes(l)).length;
    if (hits > bestHits) {
      best = a.name;
      bestHits = hits;
    }
  }
  if (best) return best;
  if (out.kind === 'embedding' && names.includes('identity')) return 'identity';
  return manifest.targets.find((t) => names.includes(t)) ?? names[0] ?? '';
}

/** Default groups: the sensitive attributes other than the target (the lab's: the first one). */
export function defaultGroups(manifest: DatasetManifest, target: string, labModel: boolean): string[] {
  const sensitive = manifest.categorical.filter((a) => a.sensitive && a.name !== target).map((a) => a.name);
  return labModel ? sensitive.slice(0, 1) : sensitive;
}

/** Fits saved data choices to a dataset: unknown attributes dropped, defaults filled in for a new one. */
export function fitData(
  data: DataChoice,
  manifest: DatasetManifest,
  mapping: AuditMapping,
  lab: { target: string } | null,
): DataChoice {
  const names = manifest.categorical.map((a) => a.name);
  const target = names.includes(data.target) ? data.target : guessTarget(manifest, mapping, lab?.target);
  let groups = data.groupAttributes.filter((g) => names.includes(g) && g !== target);
  // No groups is a choice on the same dataset (overall and per class); a new dataset gets defaults.
  if (groups.length === 0 && data.datasetId !== manifest.id)
    groups = defaultGroups(manifest, target, lab !== null);
  const values = manifest.categorical.find((a) => a.name === target)?.values ?? [];
  return {
    ...data,
    datasetId: manifest.id,
    target,
    groupAttributes: groups,
    positive: values.includes(data.positive) ? data.positive : '',
  };
}

/** "1,2, 3" → [1, 2, 3] (NaN for bad entries, so validation can name them). */
export function parseNumbers(text: string): number[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
}

export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
