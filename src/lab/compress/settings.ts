/**
 * Compression settings as text, shared by the CLI and the Compress page:
 *   prune:0.5  prune-global:0.8  prune-structured:0.3  cluster:16[:linear|:kmeans++]
 *   int8[:tensor|:channel]  fp16  and combinations joined by "+" (prune:0.5+cluster:16+int8).
 * A combination runs in the order structured → unstructured pruning → clustering → quantisation.
 */
import type { CentroidInit } from './clustering';
import type { Int8Granularity } from './int8';
import { validateSparsity } from './magnitude-pruning';
import { validateFilterFraction } from './structured-pruning';

export type Step =
  | { kind: 'prune'; sparsity: number }
  | { kind: 'prune-global'; sparsity: number }
  | { kind: 'prune-structured'; fraction: number }
  | { kind: 'cluster'; k: number; init: CentroidInit }
  | { kind: 'int8'; granularity: Int8Granularity }
  | { kind: 'fp16' };

export interface Setting {
  /** Canonical text, e.g. "prune:0.5+int8"; "baseline" for the uncompressed model. */
  key: string;
  /** The technique, e.g. "prune+int8", "cluster-kmeans++", "int8-channel": one chart series each. */
  method: string;
  /** The numeric parameter (sparsity, k, filter fraction); several joined by "+"; null for none. */
  param: number | string | null;
  steps: Step[];
}

export const BASELINE: Setting = { key: 'baseline', method: 'baseline', param: null, steps: [] };

export const METHOD_SYNTAX =
  'prune:S, prune-global:S, prune-structured:F, cluster:K[:linear|:kmeans++], int8[:tensor|:channel], fp16';

const STAGE: Record<Step['kind'], number> = {
  'prune-structured': 0,
  prune: 1,
  'prune-global': 1,
  cluster: 2,
  int8: 3,
  fp16: 3,
};

function numberPart(raw: string | undefined, step: string): number {
  if (raw === undefined || raw.trim() === '') throw new Error(`"${step}" needs a value (${METHOD_SYNTAX})`);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`"${step}": "${raw}" is not a number`);
  return value;
}

export function parseStep(text: string): Step {
  const [name, value, variant, ...extra] = text.trim().split(':');
  if (extra.length > 0) throw new Error(`"${text}" has too many ":" parts (${METHOD_SYNTAX})`);
  const noVariant = () => {
    if (variant !== undefined) throw new Error(`"${text}": unexpected ":${variant}"`);
  };
  switch (name) {
    case 'prune':
    case 'prune-global': {
      noVariant();
      const sparsity = numberPart(value, text);
      validateSparsity(sparsity);
      return { kind: name, sparsity };
    }
    case 'prune-structured': {
      noVariant();
      const fraction = numberPart(value, text);
      validateFilterFraction(fraction);
      return { kind: 'prune-structured', fraction };
    }
    case 'cluster': {
      const k = numberPart(value, text);
      if (!Number.isInteger(k) || k < 2) throw new Error(`"${text}": cluster count must be an integer ≥ 2`);
      const init = variant ?? 'linear';
      if (init !== 'linear' && init !== 'kmeans++')
        throw new Error(`"${text}": centroid initialisation must be linear or kmeans++ (got "${init}")`);
      return { kind: 'cluster', k, init };
    }
    case 'int8': {
      if (variant !== undefined) throw new Error(`"${text}": write int8:tensor or int8:channel`);
      const granularity = value ?? 'tensor';
      if (granularity !== 'tensor' && granularity !== 'channel')
        throw new Error(
          `"${text}": int8 scale must be per tensor or per channel (int8:tensor, int8:channel)`,
        );
      return { kind: 'int8', granularity };
    }
    case 'fp16':
      if (value !== undefined) throw new Error(`"${text}": fp16 takes no value`);
      return { kind: 'fp16' };
    default:
      throw new Error(`unknown method "${name}" in "${text}" (known: ${METHOD_SYNTAX})`);
  }
}

function stepKey(step: Step): string {
  switch (step.kind) {
    case 'prune':
    case 'prune-global':
      return `${step.kind}:${step.sparsity}`;
    case 'prune-structured':
      return `prune-structured:${step.fraction}`;
    case 'cluster':
      return step.init === 'linear' ? `cluster:${step.k}` : `cluster:${step.k}:kmeans++`;
    case 'int8':
      return step.granularity === 'tensor' ? 'int8' : 'int8:channel';
    case 'fp16':
      return 'fp16';
  }
}

function stepMethod(step: Step): string {
  if (step.kind === 'cluster' && step.init === 'kmeans++') return 'cluster-kmeans++';
  if (step.kind === 'int8' && step.granularity === 'channel') return 'int8-channel';
  return step.kind;
}

function stepParam(step: Step): number | null {
  if (step.kind === 'prune' || step.kind === 'prune-global') return step.sparsity;
  if (step.kind === 'prune-structured') return step.fraction;
  if (step.kind === 'cluster') return step.k;
  return null;
}

export function settingFromSteps(steps: Step[]): Setting {
  if (steps.length === 0) return BASELINE;
  const params = steps.map(stepParam).filter((p): p is number => p !== null);
  return {
    key: steps.map(stepKey).join('+'),
    method: steps.map(stepMethod).join('+'),
    param: params.length === 0 ? null : params.length === 1 ? params[0] : params.join('+'),
    steps,
  };
}

/** One setting, e.g. "prune:0.5+int8". */
export function parseSetting(text: string): Setting {
  const trimmed = text.trim();
  if (trimmed === 'baseline') return BASELINE;
  // "+" joins steps, but "kmeans++" keeps its own.
  const steps = trimmed
    .replace(/kmeans\+\+/g, 'kmeans\u0000')
    .split('+')
    .map((part) => parseStep(part.replace('kmeans\u0000', 'kmeans++')));
  for (let i = 1; i < steps.length; i++) {
    const [a, b] = [STAGE[steps[i - 1].kind], STAGE[steps[i].kind]];
    if (a === b)
      throw new Error(`"${trimmed}": ${steps[i - 1].kind} and ${steps[i].kind} cannot be combined`);
    if (a > b)
      throw new Error(
        `"${trimmed}": write the steps in the order they run (structured pruning, pruning, clustering, quantisation)`,
      );
  }
  return settingFromSteps(steps);
}

/** A comma-separated list of settings; the same setting twice is an error. */
export function parseSettings(text: string): Setting[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new Error(`no compression methods given (${METHOD_SYNTAX})`);
  const settings = parts.map(parseSetting).filter((s) => s !== BASELINE);
  const seen = new Set<string>();
  for (const s of settings) {
    if (seen.has(s.key)) throw new Error(`"${s.key}" is listed twice`);
    seen.add(s.key);
  }
  if (settings.length === 0) throw new Error('the baseline is always evaluated: list at least one method');
  return settings;
}

/** Whether a setting prunes without structure (so clustering preserves its zeros). */
export function prunesWeights(setting: Setting): boolean {
  return setting.steps.some((s) => s.kind === 'prune' || s.kind === 'prune-global');
}
