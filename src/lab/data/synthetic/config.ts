/**
 * Settings of the synthetic face dataset: one plain, JSON-serialisable object.
 * The bias knobs (group proportions, per-group image quality, per-group label noise and
 * a spurious group↔expression correlation) are what the lab's experiments turn.
 */

export const EXPRESSIONS = ['neutral', 'happy', 'sad', 'surprised'] as const;
export type Expression = (typeof EXPRESSIONS)[number];

/** How well the "camera" captures a group. The ideal camera is NEUTRAL_QUALITY. */
export interface ImageQuality {
  /** Scales the deviation from mid-grey: 1 = unchanged, below 1 = flatter. */
  contrast: number;
  /** Added to every pixel, in intensity units (pixels span 0–1). */
  brightness: number;
  /** Gaussian blur sigma, in output pixels (0 = sharp). */
  blurPx: number;
  /** Standard deviation of extra Gaussian pixel noise, in intensity units. */
  noiseSigma: number;
}

/** One value of the sensitive attribute 'skin', rendered as skin tone and hair style. */
export interface SkinGroup {
  name: string;
  /** Share of identities in this group; all groups sum to 1. */
  proportion: number;
  quality: ImageQuality;
  /** Probability that an image's expression label is replaced by a random other class. */
  labelNoise: number;
}

/** One value of the sensitive attribute 'age', rendered as grey hair and wrinkle lines. */
export interface AgeGroup {
  name: string;
  /** Share of identities in this band; all bands sum to 1. */
  proportion: number;
}

/** Per-image variation shared by all groups. */
export interface Variation {
  /** Scales the random shift, rotation and scale of the face (0 = centred and upright). */
  poseJitter: number;
  /** Largest strength of the directional light gradient across the image. */
  lighting: number;
  /** Standard deviation of the Gaussian pixel noise every image gets. */
  pixelNoise: number;
  /** Probability that an image has an occluding bar or patch. */
  occlusionRate: number;
}

export interface SyntheticConfig {
  seed: number;
  /** Width and height in pixels, 16–64. */
  imageSize: number;
  channels: 1 | 3;
  nIdentities: number;
  imagesPerIdentity: number;
  /** Skin groups, the first one being the majority / reference group. */
  skin: SkinGroup[];
  age: AgeGroup[];
  /**
   * Strength (0–1) of the spurious correlation: with this probability an image of the first
   * skin group shows `favouredExpression`; otherwise expressions are uniform.
   */
  correlation: number;
  favouredExpression: Expression;
  variation: Variation;
  /**
   * How images are split: 'stratified' by skin × expression (every identity in every split: a closed
   * set for identification), or 'identity-disjoint' (FR-NAS's protocol: evaluation identities are
   * never seen in training, an open set). Default stratified.
   */
  split?: SyntheticSplit;
}

export type SyntheticSplit = 'stratified' | 'identity-disjoint';

export const NEUTRAL_QUALITY: ImageQuality = { contrast: 1, brightness: 0, blurPx: 0, noiseSigma: 0 };

/** The values of the bias knobs that make every group equal. */
export const NEUTRAL_KNOBS = {
  quality: NEUTRAL_QUALITY,
  labelNoise: 0,
  correlation: 0,
} as const;

/** Defaults: 32 px grayscale, 80/20 skin groups, the camera and the labels worse for 'dark'. */
export const DEFAULT_SYNTHETIC_CONFIG: SyntheticConfig = {
  seed: 1,
  imageSize: 32,
  channels: 1,
  nIdentities: 200,
  imagesPerIdentity: 15,
  skin: [
    { name: 'light', proportion: 0.8, quality: NEUTRAL_QUALITY, labelNoise: 0 },
    {
      name: 'dark',
      proportion: 0.2,
      quality: { contrast: 0.7, brightness: -0.08, blurPx: 0.7, noiseSigma: 0.04 },
      labelNoise: 0.15,
    },
  ],
  age: [
    { name: 'young', proportion: 0.7 },
    { name: 'old', proportion: 0.3 },
  ],
  correlation: 0.5,
  favouredExpression: 'happy',
  variation: { poseJitter: 1, lighting: 0.35, pixelNoise: 0.02, occlusionRate: 0.08 },
};

/** The UI's default quick run: 2,400 images of 24 px grayscale, cheap enough for the cpu backend. */
export const QUICK_PRESET: SyntheticConfig = {
  ...DEFAULT_SYNTHETIC_CONFIG,
  imageSize: 24,
  channels: 1,
  nIdentities: 160,
  imagesPerIdentity: 15,
};

/** A larger run: 6,400 images of 32 px RGB. */
export const LARGE_PRESET: SyntheticConfig = {
  ...DEFAULT_SYNTHETIC_CONFIG,
  imageSize: 32,
  channels: 3,
  nIdentities: 400,
  imagesPerIdentity: 16,
};

export function syntheticImageCount(config: SyntheticConfig): number {
  return config.nIdentities * config.imagesPerIdentity;
}

/** The same dataset with every bias knob equalised: equal shares, same quality, clean labels. */
export function neutralConfig(config: SyntheticConfig): SyntheticConfig {
  const share = (n: number) => 1 / n;
  return {
    ...config,
    skin: config.skin.map((group) => ({
      name: group.name,
      proportion: share(config.skin.length),
      quality: { ...NEUTRAL_KNOBS.quality },
      labelNoise: NEUTRAL_KNOBS.labelNoise,
    })),
    age: config.age.map((band) => ({ name: band.name, proportion: share(config.age.length) })),
    correlation: NEUTRAL_KNOBS.correlation,
  };
}

export const LIMITS = {
  imageSize: [16, 64],
  nIdentities: [1, 100_000],
  imagesPerIdentity: [1, 10_000],
  nImages: [1, 1_000_000],
  skinGroups: [2, 8],
  ageGroups: [1, 6],
  contrast: [0.1, 2],
  brightness: [-0.5, 0.5],
  blurPx: [0, 4],
  noiseSigma: [0, 0.5],
  labelNoise: [0, 1],
  correlation: [0, 1],
  poseJitter: [0, 2],
  lighting: [0, 1],
  pixelNoise: [0, 0.5],
  occlusionRate: [0, 1],
} as const satisfies Record<string, readonly [number, number]>;

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Throws an Error naming the first out-of-range or malformed field. */
export function validateSyntheticConfig(config: SyntheticConfig): void {
  if (typeof config !== 'object' || config === null) throw new Error('Synthetic config must be an object');
  const fail = (field: string, rule: string, value: unknown): never => {
    throw new Error(`Synthetic config: ${field} must be ${rule} (got ${JSON.stringify(value)})`);
  };
  const inRange = (field: string, value: unknown, [lo, hi]: readonly [number, number], integer = false) => {
    const ok =
      typeof value === 'number' && value >= lo && value <= hi && (!integer || Number.isInteger(value));
    if (!ok) fail(field, `${integer ? 'an integer' : 'a number'} in ${lo}–${hi}`, value);
  };

  inRange('seed', config.seed, [0, 0xffffffff], true);
  inRange('imageSize', config.imageSize, LIMITS.imageSize, true);
  if (config.channels !== 1 && config.channels !== 3) fail('channels', '1 or 3', config.channels);
  inRange('nIdentities', config.nIdentities, LIMITS.nIdentities, true);
  inRange('imagesPerIdentity', config.imagesPerIdentity, LIMITS.imagesPerIdentity, true);
  inRange(
    'the number of images (nIdentities × imagesPerIdentity)',
    syntheticImageCount(config),
    LIMITS.nImages,
  );

  validateGroups('skin', config.skin, LIMITS.skinGroups, fail);
  config.skin.forEach((group, i) => {
    const q = group.quality;
    if (typeof q !== 'object' || q === null) fail(`skin[${i}].quality`, 'an object', q);
    inRange(`skin[${i}].quality.contrast`, q.contrast, LIMITS.contrast);
    inRange(`skin[${i}].quality.brightness`, q.brightness, LIMITS.brightness);
    inRange(`skin[${i}].quality.blurPx`, q.blurPx, LIMITS.blurPx);
    inRange(`skin[${i}].quality.noiseSigma`, q.noiseSigma, LIMITS.noiseSigma);
    inRange(`skin[${i}].labelNoise`, group.labelNoise, LIMITS.labelNoise);
  });
  validateGroups('age', config.age, LIMITS.ageGroups, fail);

  inRange('correlation', config.correlation, LIMITS.correlation);
  if (!EXPRESSIONS.includes(config.favouredExpression)) {
    fail('favouredExpression', `one of ${EXPRESSIONS.join(', ')}`, config.favouredExpression);
  }
  const v = config.variation;
  if (typeof v !== 'object' || v === null) fail('variation', 'an object', v);
  inRange('variation.poseJitter', v.poseJitter, LIMITS.poseJitter);
  inRange('variation.lighting', v.lighting, LIMITS.lighting);
  inRange('variation.pixelNoise', v.pixelNoise, LIMITS.pixelNoise);
  inRange('variation.occlusionRate', v.occlusionRate, LIMITS.occlusionRate);
  if (config.split !== undefined && config.split !== 'stratified' && config.split !== 'identity-disjoint')
    fail('split', 'stratified or identity-disjoint', config.split);
}

function validateGroups(
  field: string,
  groups: { name: string; proportion: number }[],
  [minCount, maxCount]: readonly [number, number],
  fail: (field: string, rule: string, value: unknown) => never,
): void {
  if (!Array.isArray(groups) || groups.length < minCount || groups.length > maxCount) {
    fail(
      `${field}`,
      `a list of ${minCount}–${maxCount} groups`,
      Array.isArray(groups) ? groups.length : groups,
    );
  }
  const seen = new Set<string>();
  let sum = 0;
  groups.forEach((group, i) => {
    if (!NAME_PATTERN.test(group?.name))
      fail(`${field}[${i}].name`, 'letters, digits, _ or - (1–32)', group?.name);
    if (seen.has(group.name)) fail(`${field}[${i}].name`, 'unique', group.name);
    seen.add(group.name);
    const p = group.proportion;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail(`${field}[${i}].proportion`, 'a number in 0–1', p);
    sum += p;
  });
  if (Math.abs(sum - 1) > 1e-6) {
    fail(`${field} proportions`, 'summing to 1', groups.map((g) => g.proportion).join(' + '));
  }
}
