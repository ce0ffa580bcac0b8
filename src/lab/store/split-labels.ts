import { attribute, SPLIT_CODE, type DatasetManifest, type Shard, type SplitName } from '../data/types';
import type { DatasetStore } from './types';

/** Labels of a split without its pixels, for evaluation bookkeeping. */
export interface SplitLabels {
  n: number;
  /** Global image index (shard index × shardSize + row), in dataset order. */
  indices: Int32Array;
  /** Attribute → value index per image (-1 = missing). */
  labels: Record<string, Int32Array>;
}

/** Whether a stored split code belongs to `split`. */
export function inSplit(code: number, split: SplitName | 'all'): boolean {
  return split === 'all' || code === SPLIT_CODE[split];
}

/** Images in a split, from the manifest's counts or by counting loaded shards. */
export function countSplit(source: DatasetManifest | Shard[], split: SplitName | 'all'): number {
  if (!Array.isArray(source)) return split === 'all' ? source.nImages : source.split.counts[split];
  let count = 0;
  for (const shard of source) for (let i = 0; i < shard.n; i++) if (inSplit(shard.split[i], split)) count++;
  return count;
}

/** Batches streamBatches yields for `count` images. */
export function batchesPerEpoch(count: number, batchSize: number, dropRemainder = false): number {
  return dropRemainder ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/** Reads the given categorical attributes of every image in a split, shard by shard. */
export async function readSplitLabels(
  store: DatasetStore,
  id: string,
  split: SplitName | 'all',
  attrs: string[],
): Promise<SplitLabels> {
  const manifest = await store.manifest(id);
  if (!manifest) throw new Error(`No dataset "${id}"`);
  for (const name of attrs) attribute(manifest, name);
  const capacity = countSplit(manifest, split);
  const indices = new Int32Array(capacity);
  const labels = Object.fromEntries(attrs.map((name) => [name, new Int32Array(capacity)]));
  let n = 0;
  for (let s = 0; s < manifest.nShards; s++) {
    const shard = await store.shard(id, s);
    for (let i = 0; i < shard.n; i++) {
      if (!inSplit(shard.split[i], split)) continue;
      if (n === capacity)
        throw new Error(`Dataset "${manifest.name}" has more ${split} images than its manifest says`);
      indices[n] = shard.index * manifest.shardSize + i;
      for (const name of attrs) labels[name][n] = shard.categorical[name][i];
      n++;
    }
  }
  if (n !== capacity)
    throw new Error(`Dataset "${manifest.name}" has ${n} ${split} images, its manifest says ${capacity}`);
  return { n, indices, labels };
}
