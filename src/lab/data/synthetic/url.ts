/**
 * Compact URL and JSON forms of a SyntheticConfig, so that a run can be shared as a link.
 * Only fields that differ from DEFAULT_SYNTHETIC_CONFIG are written; missing ones read as defaults.
 */
import {
  DEFAULT_SYNTHETIC_CONFIG,
  NEUTRAL_QUALITY,
  validateSyntheticConfig,
  type Expression,
  type ImageQuality,
  type SkinGroup,
  type SyntheticConfig,
} from './config';

/** Search-parameter keys (before the optional prefix). */
const KEYS = {
  seed: 'seed',
  imageSize: 'size',
  channels: 'ch',
  nIdentities: 'ids',
  imagesPerIdentity: 'per',
  skin: 'skin',
  quality: 'q',
  labelNoise: 'ln',
  age: 'age',
  correlation: 'corr',
  favouredExpression: 'fav',
  variation: 'var',
  split: 'split',
} as const;

type Encoded = Record<keyof typeof KEYS, string>;

function encode(config: SyntheticConfig): Encoded {
  const quality = (q: ImageQuality) => [q.contrast, q.brightness, q.blurPx, q.noiseSigma].join('/');
  const v = config.variation;
  return {
    seed: String(config.seed),
    imageSize: String(config.imageSize),
    channels: String(config.channels),
    nIdentities: String(config.nIdentities),
    imagesPerIdentity: String(config.imagesPerIdentity),
    skin: config.skin.map((g) => `${g.name}:${g.proportion}`).join(','),
    quality: config.skin.map((g) => quality(g.quality)).join(','),
    labelNoise: config.skin.map((g) => g.labelNoise).join(','),
    age: config.age.map((a) => `${a.name}:${a.proportion}`).join(','),
    correlation: String(config.correlation),
    favouredExpression: config.favouredExpression,
    variation: [v.poseJitter, v.lighting, v.pixelNoise, v.occlusionRate].join('/'),
    split: config.split ?? 'stratified',
  };
}

/** Writes the fields that differ from the defaults; `prefix` namespaces the keys (e.g. 'd.'). */
export function configToSearchParams(config: SyntheticConfig, prefix = ''): URLSearchParams {
  validateSyntheticConfig(config);
  const mine = encode(config);
  const defaults = encode(DEFAULT_SYNTHETIC_CONFIG);
  const params = new URLSearchParams();
  for (const field of Object.keys(KEYS) as (keyof typeof KEYS)[]) {
    if (mine[field] !== defaults[field]) params.set(prefix + KEYS[field], mine[field]);
  }
  return params;
}

/** Reads a config back; missing keys take defaults, malformed or out-of-range values throw. */
export function configFromSearchParams(params: URLSearchParams, prefix = ''): SyntheticConfig {
  const raw = (field: keyof typeof KEYS): string | null => params.get(prefix + KEYS[field]);
  const number = (field: keyof typeof KEYS, text: string): number => {
    const value = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(value)) {
      throw new Error(`URL parameter "${prefix + KEYS[field]}": "${text}" is not a number`);
    }
    return value;
  };
  const numbers = (field: keyof typeof KEYS, text: string, count: number, separator: string): number[] => {
    const parts = text.split(separator);
    if (parts.length !== count) {
      throw new Error(
        `URL parameter "${prefix + KEYS[field]}": expected ${count} values separated by "${separator}", got ${parts.length} ("${text}")`,
      );
    }
    return parts.map((part) => number(field, part));
  };
  const scalar = (field: keyof typeof KEYS, fallback: number): number => {
    const text = raw(field);
    return text === null ? fallback : number(field, text);
  };
  const named = (field: 'skin' | 'age', text: string) =>
    text.split(',').map((entry) => {
      const [name, proportion, extra] = entry.split(':');
      if (proportion === undefined || extra !== undefined) {
        throw new Error(`URL parameter "${prefix + KEYS[field]}": expected name:proportion, got "${entry}"`);
      }
      return { name, proportion: number(field, proportion) };
    });

  const d = DEFAULT_SYNTHETIC_CONFIG;
  const skinText = raw('skin');
  const skinNames =
    skinText === null
      ? d.skin.map(({ name, proportion }) => ({ name, proportion }))
      : named('skin', skinText);
  const n = skinNames.length;
  const qualityText = raw('quality');
  const qualities: ImageQuality[] =
    qualityText === null
      ? skinNames.map((_, i) => defaultGroup(i).quality)
      : qualityText.split(',').length !== n
        ? groupCountError('quality', qualityText, n, prefix)
        : qualityText.split(',').map((part) => {
            const [contrast, brightness, blurPx, noiseSigma] = numbers('quality', part, 4, '/');
            return { contrast, brightness, blurPx, noiseSigma };
          });
  const noiseText = raw('labelNoise');
  const labelNoise =
    noiseText === null
      ? skinNames.map((_, i) => defaultGroup(i).labelNoise)
      : numbers('labelNoise', noiseText, n, ',');
  const skin: SkinGroup[] = skinNames.map((g, i) => ({
    ...g,
    quality: qualities[i],
    labelNoise: labelNoise[i],
  }));

  const ageText = raw('age');
  const variationText = raw('variation');
  const [poseJitter, lighting, pixelNoise, occlusionRate] =
    variationText === null
      ? [d.variation.poseJitter, d.variation.lighting, d.variation.pixelNoise, d.variation.occlusionRate]
      : numbers('variation', variationText, 4, '/');

  const config: SyntheticConfig = {
    seed: scalar('seed', d.seed),
    imageSize: scalar('imageSize', d.imageSize),
    channels: scalar('channels', d.channels) as 1 | 3,
    nIdentities: scalar('nIdentities', d.nIdentities),
    imagesPerIdentity: scalar('imagesPerIdentity', d.imagesPerIdentity),
    skin,
    age: ageText === null ? d.age.map((a) => ({ ...a })) : named('age', ageText),
    correlation: scalar('correlation', d.correlation),
    favouredExpression: (raw('favouredExpression') ?? d.favouredExpression) as Expression,
    variation: { poseJitter, lighting, pixelNoise, occlusionRate },
  };
  const split = raw('split');
  if (split !== null && split !== 'stratified') config.split = split as SyntheticConfig['split'];
  validateSyntheticConfig(config);
  return config;
}

function defaultGroup(index: number): Pick<SkinGroup, 'quality' | 'labelNoise'> {
  const group = DEFAULT_SYNTHETIC_CONFIG.skin[index];
  return group
    ? { quality: { ...group.quality }, labelNoise: group.labelNoise }
    : { quality: NEUTRAL_QUALITY, labelNoise: 0 };
}

function groupCountError(field: keyof typeof KEYS, text: string, expected: number, prefix: string): never {
  throw new Error(
    `URL parameter "${prefix + KEYS[field]}": expected one entry per skin group (${expected}), got ${text.split(',').length} ("${text}")`,
  );
}

/** Every field in a fixed order: equal configs give equal strings, whatever their key order. */
export function canonicalConfigString(config: SyntheticConfig): string {
  const encoded = encode(config);
  // The split joined the config later: the default is left out, so older datasets keep their ids.
  return (Object.keys(KEYS) as (keyof typeof KEYS)[])
    .filter((field) => field !== 'split' || encoded.split !== 'stratified')
    .map((field) => `${KEYS[field]}=${encoded[field]}`)
    .join('&');
}

export function configToJson(config: SyntheticConfig): string {
  validateSyntheticConfig(config);
  return JSON.stringify(config);
}

/** Parses a config saved as JSON; missing top-level fields take defaults, bad values throw. */
export function configFromJson(text: string): SyntheticConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`Synthetic config is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('Synthetic config JSON must be an object');
  }
  const partial = parsed as Partial<SyntheticConfig>;
  const config: SyntheticConfig = {
    ...DEFAULT_SYNTHETIC_CONFIG,
    ...partial,
    variation: { ...DEFAULT_SYNTHETIC_CONFIG.variation, ...partial.variation },
  };
  validateSyntheticConfig(config);
  return config;
}
