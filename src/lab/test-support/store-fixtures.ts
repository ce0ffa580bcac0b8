import { createRng } from '../util/rng';
import {
  countSplits,
  stratifiedSplit,
  DEFAULT_FRACTIONS,
  type SplitFractions,
} from '../data/splits/stratified';
import { imageBytes, type DatasetManifest, type Shard } from '../data/types';
import type { DatasetStore } from '../store/types';

export interface RandomDatasetOptions {
  n: number;
  /** Image side; default 8. */
  size?: number;
  channels?: 1 | 3;
  /** Default 64, so small datasets still span several shards. */
  shardSize?: number;
  /** Categorical attributes: value names, or a count (values 'v0', 'v1', …). Default expression ×3, skin ×2. */
  attrs?: Record<string, number | string[]>;
  /** Default: the first attribute. */
  targets?: string[];
  /** Default: every attribute that is not a target. */
  sensitive?: string[];
  numeric?: string[];
  /** Fraction of categorical values set to -1 (missing). */
  missingRate?: number;
  /** Store a source file name per image. */
  files?: boolean;
  fractions?: SplitFractions;
  seed?: number;
  id?: string;
  name?: string;
}

/**
 * Writes a dataset of random pixels and labels through create/putShard/commit and returns its
 * manifest. For tests and benchmarks.
 */
export async function makeRandomDataset(
  store: DatasetStore,
  options: RandomDatasetOptions,
): Promise<DatasetManifest> {
  const { n, size = 8, channels = 3, shardSize = 64, missingRate = 0, seed = 1 } = options;
  const attrs = Object.entries(options.attrs ?? { expression: 3, skin: 2 }).map(([name, values]) => ({
    name,
    values: typeof values === 'number' ? Array.from({ length: values }, (_, i) => `v${i}`) : values,
  }));
  const targets = options.targets ?? [attrs[0].name];
  const sensitive = options.sensitive ?? attrs.map((a) => a.name).filter((a) => !targets.includes(a));
  const numeric = options.numeric ?? [];
  const rng = createRng(seed);

  const labels: Record<string, Int32Array> = {};
  for (const a of attrs) {
    labels[a.name] = Int32Array.from({ length: n }, () =>
      rng.next() < missingRate ? -1 : rng.int(a.values.length),
    );
  }
  const split = stratifiedSplit(labels[targets[0]], seed, options.fractions ?? DEFAULT_FRACTIONS);
  const id = options.id ?? `random-${seed}-${n}`;
  const perImage = imageBytes({ size, channels });
  const nShards = Math.ceil(n / shardSize);

  const writer = await store.create(id);
  try {
    for (let s = 0; s < nShards; s++) {
      const start = s * shardSize;
      const count = Math.min(shardSize, n - start);
      const shard: Shard = {
        index: s,
        n: count,
        pixels: randomBytes(count * perImage, rng.int(2 ** 31)),
        split: split.slice(start, start + count),
        categorical: Object.fromEntries(
          attrs.map((a) => [a.name, labels[a.name].slice(start, start + count)]),
        ),
        numeric: Object.fromEntries(
          numeric.map((name) => [name, Float32Array.from({ length: count }, rng.next)]),
        ),
      };
      if (options.files) shard.files = Array.from({ length: count }, (_, i) => `img/${start + i}.png`);
      await writer.putShard(shard);
    }
    const manifest: DatasetManifest = {
      id,
      name: options.name ?? `Random ${n}`,
      createdAt: new Date().toISOString(),
      source: { kind: 'synthetic', config: { fixture: true, seed } },
      image: { size, channels },
      nImages: n,
      shardSize,
      nShards,
      categorical: attrs.map((a) => ({ ...a, sensitive: sensitive.includes(a.name) })),
      numeric: numeric.map((name) => ({ name })),
      targets,
      counts: Object.fromEntries(attrs.map((a) => [a.name, countValues(labels[a.name], a.values)])),
      split: {
        kind: 'stratified',
        seed,
        fractions: options.fractions ?? DEFAULT_FRACTIONS,
        by: [targets[0]],
        counts: countSplits(split),
      },
      bytes: n * perImage,
      warnings: [],
      hasFiles: Boolean(options.files),
    };
    await writer.commit(manifest);
    return manifest;
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

function countValues(values: Int32Array, names: string[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  for (const v of values) if (v >= 0) counts[names[v]]++;
  return counts;
}

/** Fast seeded noise (xorshift32), a word at a time. */
function randomBytes(length: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x;
  }
  return new Uint8Array(words.buffer, 0, length);
}
