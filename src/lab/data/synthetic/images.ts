/**
 * Store-free access to the synthetic dataset: the plan (identities, labels, split) and
 * rendering of any range of images or whole shards. Tests, benchmarks and the generator use these.
 */
import { deriveSeed } from '../../util/rng';
import { DEFAULT_FRACTIONS, stratifiedSplit } from '../splits/stratified';
import { identityDisjointSplit } from '../splits/identity-disjoint';
import { DEFAULT_SHARD_SIZE, imageBytes, type CategoricalAttribute, type Shard } from '../types';
import { EXPRESSIONS, syntheticImageCount, validateSyntheticConfig, type SyntheticConfig } from './config';
import { createIdentities, identityName, type Identity } from './identities';
import { sampleLabels, type SyntheticLabels } from './labels';
import { SyntheticRenderer } from './render';

/** Everything about the dataset except the pixels; cheap to compute. */
export interface SyntheticPlan {
  config: SyntheticConfig;
  nImages: number;
  identities: Identity[];
  labels: SyntheticLabels;
  /** Split code per image (SPLIT_CODE), stratified by skin × expression. */
  split: Uint8Array;
  splitSeed: number;
}

/** A contiguous range of rendered images with their labels and split codes. */
export interface SyntheticImages {
  start: number;
  n: number;
  /** n images, uint8 HWC, back to back. */
  pixels: Uint8Array;
  categorical: Record<string, Int32Array>;
  split: Uint8Array;
}

export const SYNTHETIC_TARGETS = ['expression', 'identity'];
export const SYNTHETIC_SPLIT_BY = ['skin', 'expression'];

export function planSyntheticDataset(config: SyntheticConfig): SyntheticPlan {
  validateSyntheticConfig(config);
  const identities = createIdentities(config);
  const labels = sampleLabels(config, identities);
  const strata = Array.from(labels.skin, (skin, i) => skin * EXPRESSIONS.length + labels.expression[i]);
  const splitSeed = deriveSeed(config.seed, 'split');
  const split =
    config.split === 'identity-disjoint'
      ? identityDisjointSplit(labels.identity, splitSeed, { groups: labels.skin, minImagesPerIdentity: 1 })
          .codes
      : stratifiedSplit(strata, splitSeed, DEFAULT_FRACTIONS);
  return { config, nImages: syntheticImageCount(config), identities, labels, split, splitSeed };
}

/** The categorical attributes every synthetic image carries, in manifest order. */
export function syntheticAttributes(config: SyntheticConfig): CategoricalAttribute[] {
  const expressions = [...EXPRESSIONS];
  return [
    {
      name: 'identity',
      values: Array.from({ length: config.nIdentities }, (_, i) => identityName(i)),
      sensitive: false,
    },
    { name: 'expression', values: expressions, sensitive: false },
    { name: 'expression_clean', values: expressions, sensitive: false },
    { name: 'skin', values: config.skin.map((g) => g.name), sensitive: true },
    { name: 'age', values: config.age.map((a) => a.name), sensitive: true },
  ];
}

/** Per-image attribute indices for images [start, start + count), keyed like syntheticAttributes. */
export function labelRange(plan: SyntheticPlan, start: number, count: number): Record<string, Int32Array> {
  const { labels } = plan;
  const end = start + count;
  return {
    identity: labels.identity.slice(start, end),
    expression: labels.expression.slice(start, end),
    expression_clean: labels.expressionClean.slice(start, end),
    skin: labels.skin.slice(start, end),
    age: labels.age.slice(start, end),
  };
}

/** Renders images [start, start + count) into `out` starting at byte `outOffset`. */
export function renderImageRange(
  plan: SyntheticPlan,
  renderer: SyntheticRenderer,
  start: number,
  count: number,
  out: Uint8Array,
  outOffset = 0,
): void {
  checkRange(plan, start, count);
  const bytes = imageBytes({ size: plan.config.imageSize, channels: plan.config.channels });
  for (let k = 0; k < count; k++) {
    const i = start + k;
    const identity = plan.identities[plan.labels.identity[i]];
    renderer.render(identity, plan.labels.expressionClean[i], i, out, outOffset + k * bytes);
  }
}

export function renderSyntheticImages(
  source: SyntheticConfig | SyntheticPlan,
  start: number,
  count: number,
): SyntheticImages {
  const plan = 'identities' in source ? source : planSyntheticDataset(source);
  checkRange(plan, start, count);
  const bytes = imageBytes({ size: plan.config.imageSize, channels: plan.config.channels });
  const pixels = new Uint8Array(count * bytes);
  renderImageRange(plan, new SyntheticRenderer(plan.config), start, count, pixels);
  return {
    start,
    n: count,
    pixels,
    categorical: labelRange(plan, start, count),
    split: plan.split.slice(start, start + count),
  };
}

export function shardCount(plan: SyntheticPlan, shardSize = DEFAULT_SHARD_SIZE): number {
  return Math.ceil(plan.nImages / shardSize);
}

/** Yields the dataset as store-ready shards of `shardSize` images. */
export function* syntheticShards(
  source: SyntheticConfig | SyntheticPlan,
  shardSize = DEFAULT_SHARD_SIZE,
): Generator<Shard> {
  const plan = 'identities' in source ? source : planSyntheticDataset(source);
  const renderer = new SyntheticRenderer(plan.config);
  for (let index = 0; index < shardCount(plan, shardSize); index++) {
    const start = index * shardSize;
    const n = Math.min(shardSize, plan.nImages - start);
    const shard = emptyShard(plan, index, start, n);
    renderImageRange(plan, renderer, start, n, shard.pixels);
    yield shard;
  }
}

/** A shard with labels and split filled in and zeroed pixels, ready to be rendered into. */
export function emptyShard(plan: SyntheticPlan, index: number, start: number, n: number): Shard {
  const bytes = imageBytes({ size: plan.config.imageSize, channels: plan.config.channels });
  return {
    index,
    n,
    pixels: new Uint8Array(n * bytes),
    categorical: labelRange(plan, start, n),
    numeric: {},
    split: plan.split.slice(start, start + n),
  };
}

function checkRange(plan: SyntheticPlan, start: number, count: number): void {
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(count) ||
    start < 0 ||
    count < 0 ||
    start + count > plan.nImages
  ) {
    throw new Error(`Image range ${start}..${start + count} is outside the dataset's ${plan.nImages} images`);
  }
}
