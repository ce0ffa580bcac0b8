/**
 * Renders the synthetic dataset into a DatasetStore, shard by shard, with progress and
 * cancellation. Any failure or cancel aborts the writer, so nothing half-written stays listed.
 */
import { etaTracker, throwIfCancelled, yieldToEventLoop, type JobContext } from '../../jobs/job';
import type { DatasetStore } from '../../store/types';
import { countSplits, DEFAULT_FRACTIONS } from '../splits/stratified';
import { DEFAULT_SHARD_SIZE, imageBytes, type DatasetManifest, type Shard } from '../types';
import { deriveSeed } from '../../util/rng';
import type { SyntheticConfig } from './config';
import { canonicalConfigString } from './url';
import {
  emptyShard,
  planSyntheticDataset,
  renderImageRange,
  shardCount,
  SYNTHETIC_SPLIT_BY,
  SYNTHETIC_TARGETS,
  syntheticAttributes,
  type SyntheticPlan,
} from './images';
import { SyntheticRenderer } from './render';
import { syntheticDatasetName } from './naming';

export interface GenerateOptions {
  /** Dataset id; defaults to one derived from the config, so the same config gets the same id. */
  id?: string;
  name?: string;
  shardSize?: number;
}

/** Longest stretch of rendering between yields to the event loop, so cancel messages get through. */
const YIELD_EVERY_MS = 50;

export async function generateSyntheticDataset(
  config: SyntheticConfig,
  store: DatasetStore,
  job: JobContext,
  opts: GenerateOptions = {},
): Promise<DatasetManifest> {
  throwIfCancelled(job.signal);
  const plan = planSyntheticDataset(config);
  const shardSize = opts.shardSize ?? DEFAULT_SHARD_SIZE;
  const id = opts.id ?? syntheticDatasetId(config);
  const writer = await store.create(id);
  try {
    await writeShards(plan, shardSize, job, (shard) => writer.putShard(shard));
    throwIfCancelled(job.signal);
    const manifest = syntheticManifest(plan, id, opts.name ?? syntheticDatasetName(config), shardSize);
    await writer.commit(manifest);
    return manifest;
  } catch (error) {
    try {
      await writer.abort();
    } catch {
      // The original error matters more than a failed clean-up.
    }
    throw error;
  }
}

async function writeShards(
  plan: SyntheticPlan,
  shardSize: number,
  job: JobContext,
  put: (shard: Shard) => Promise<void>,
): Promise<void> {
  const renderer = new SyntheticRenderer(plan.config);
  const eta = etaTracker();
  const total = plan.nImages;
  const report = (done: number) =>
    job.report({
      phase: 'generate',
      done,
      total,
      etaSeconds: eta(done, total),
      message: 'Rendering synthetic faces',
    });
  report(0);
  let lastYield = performance.now();
  for (let index = 0; index < shardCount(plan, shardSize); index++) {
    const start = index * shardSize;
    const shard = emptyShard(plan, index, start, Math.min(shardSize, total - start));
    const bytes = shard.pixels.length / shard.n;
    for (let k = 0; k < shard.n; k++) {
      throwIfCancelled(job.signal);
      renderImageRange(plan, renderer, start + k, 1, shard.pixels, k * bytes);
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        report(start + k + 1);
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    throwIfCancelled(job.signal);
    await put(shard);
    report(start + shard.n);
  }
}

export function syntheticManifest(
  plan: SyntheticPlan,
  id: string,
  name: string,
  shardSize: number,
): DatasetManifest {
  const { config, nImages } = plan;
  const categorical = syntheticAttributes(config);
  const image = { size: config.imageSize, channels: config.channels };
  return {
    id,
    name,
    createdAt: new Date().toISOString(),
    source: { kind: 'synthetic', config },
    image,
    nImages,
    shardSize,
    nShards: shardCount(plan, shardSize),
    categorical,
    numeric: [],
    targets: [...SYNTHETIC_TARGETS],
    counts: countValues(plan),
    split: {
      kind: config.split === 'identity-disjoint' ? 'identity-disjoint' : 'stratified',
      seed: plan.splitSeed,
      fractions: { ...DEFAULT_FRACTIONS },
      by: config.split === 'identity-disjoint' ? ['identity', 'skin'] : [...SYNTHETIC_SPLIT_BY],
      counts: countSplits(plan.split),
    },
    bytes: nImages * imageBytes(image),
    warnings: labelNoiseWarnings(config),
    hasFiles: false,
  };
}

/** attribute → value → count for every attribute except identity. */
function countValues(plan: SyntheticPlan): Record<string, Record<string, number>> {
  const columns: Record<string, Int32Array> = {
    expression: plan.labels.expression,
    expression_clean: plan.labels.expressionClean,
    skin: plan.labels.skin,
    age: plan.labels.age,
  };
  const counts: Record<string, Record<string, number>> = {};
  for (const attribute of syntheticAttributes(plan.config)) {
    const column = columns[attribute.name];
    if (!column) continue;
    const perValue = new Array<number>(attribute.values.length).fill(0);
    for (let i = 0; i < column.length; i++) perValue[column[i]]++;
    counts[attribute.name] = Object.fromEntries(attribute.values.map((value, v) => [value, perValue[v]]));
  }
  return counts;
}

function labelNoiseWarnings(config: SyntheticConfig): string[] {
  return config.skin
    .filter((g) => g.labelNoise > 0)
    .map(
      (g) =>
        `About ${Math.round(g.labelNoise * 100)}% of expression labels for skin "${g.name}" are deliberately wrong (see expression_clean).`,
    );
}

/** A stable id per config, e.g. "synthetic-1a2b3c4d". */
export function syntheticDatasetId(config: SyntheticConfig): string {
  return `synthetic-${deriveSeed(0, canonicalConfigString(config)).toString(16).padStart(8, '0')}`;
}
