import * as tf from '@tensorflow/tfjs-core';
import { attribute, imageBytes, type DatasetManifest, type SplitName } from '../data/types';
import { throwIfCancelled } from '../jobs/job';
import { createRng, deriveSeed, shuffleInPlace, type Rng } from '../util/rng';
import type { DatasetStore } from './types';
import { inSplit } from './split-labels';

/**
 * The training loop's input: one epoch of a split as batches of tensors, read shard by shard.
 *
 * Memory stays O(prefetch batches + a few shards), never the whole dataset. Shuffling is seeded:
 * the shard order is shuffled, then rows are mixed within a sliding window of two shards
 * (each shard's rows are emitted half with the previous shard's, half with the next's).
 * Pass a different seed per epoch (e.g. seed * 1000 + epoch) for a new order each epoch.
 */

export interface BatchSpec {
  datasetId: string;
  split: SplitName | 'all';
  batchSize: number;
  /** Categorical attribute to predict; images where it is missing (-1) are skipped. */
  target: string;
  /** Undefined = dataset order. */
  shuffleSeed?: number;
  /** Categorical attributes returned per image in `groups`. */
  groupBy?: string[];
  /** Drop the last batch of the epoch when it is smaller than batchSize. */
  dropRemainder?: boolean;
  /** 'unit' scales pixels to [0, 1]; otherwise they stay 0–255 (as float32). */
  normalize?: 'unit';
  /**
   * Read exactly these images (global indices, repeats allowed) in this order instead of the
   * shuffled split, e.g. a balanced sampler's epoch. Shards are read as needed and kept for the
   * epoch, so memory grows to the shards the order touches.
   */
  order?: Int32Array;
}

/**
 * One batch. THE CONSUMER OWNS `x` AND `y` AND MUST DISPOSE BOTH (e.g. in a finally block).
 * The plain arrays are copies that need no disposal.
 */
export interface Batch {
  /** [b, h, w, c] float32. */
  x: tf.Tensor4D;
  /** [b] int32 class index of the target. */
  y: tf.Tensor1D;
  yIndex: Int32Array;
  /** groupBy attribute → value index per image (-1 = missing). */
  groups: Record<string, Int32Array>;
  /** Global image index (shard index × shardSize + row). */
  indices: Int32Array;
  size: number;
}

export interface StreamOptions {
  /** Batches prepared ahead of the consumer (on the CPU side); default 2. */
  prefetch?: number;
  /** Aborting ends the stream with a CancelledError. */
  signal?: AbortSignal;
}

/**
 * Streams one epoch. Tensors are created only as each batch is handed over, so stopping early
 * (break, return(), abort) leaves no tensors behind; batches already handed over are the
 * consumer's to dispose.
 */
export async function* streamBatches(
  store: DatasetStore,
  spec: BatchSpec,
  options: StreamOptions = {},
): AsyncGenerator<Batch> {
  if (!Number.isInteger(spec.batchSize) || spec.batchSize < 1) {
    throw new Error(`Batch size must be a positive integer (got ${spec.batchSize})`);
  }
  const manifest = await store.manifest(spec.datasetId);
  if (!manifest) throw new Error(`No dataset "${spec.datasetId}"`);
  attribute(manifest, spec.target);
  for (const name of spec.groupBy ?? []) attribute(manifest, name);

  const signal = options.signal ?? new AbortController().signal;
  const source = batchArrays(store, manifest, spec, signal);
  const depth = Math.max(0, Math.floor(options.prefetch ?? 2));
  const queue: Promise<IteratorResult<BatchArrays>>[] = [];
  let sourceDone = false;
  try {
    for (;;) {
      while (!sourceDone && queue.length <= depth) {
        const next = source.next();
        next.catch(() => {}); // Errors surface when this batch's turn comes.
        queue.push(next);
      }
      const result = await queue.shift()!;
      if (result.done) {
        sourceDone = true;
        return;
      }
      throwIfCancelled(signal);
      const { x, yIndex, groups, indices, size } = result.value;
      const { size: side, channels } = manifest.image;
      yield {
        x: tf.tensor4d(x, [size, side, side, channels], 'float32'),
        y: tf.tensor1d(yIndex.slice(), 'int32'),
        yIndex,
        groups,
        indices,
        size,
      };
    }
  } finally {
    // Prefetched batches are plain arrays; just stop the reader.
    await source.return(undefined);
  }
}

/** A batch before it becomes tensors. */
interface BatchArrays {
  x: Float32Array;
  yIndex: Int32Array;
  groups: Record<string, Int32Array>;
  indices: Int32Array;
  size: number;
}

/** The columns of a shard the stream needs. */
interface LoadedShard {
  firstIndex: number;
  n: number;
  split: Uint8Array;
  pixels: Uint8Array;
  target: Int32Array;
  groups: Int32Array[];
}

interface Row {
  shard: LoadedShard;
  row: number;
}

const UNIT_SCALE = Float32Array.from({ length: 256 }, (_, v) => v / 255);

async function* batchArrays(
  store: DatasetStore,
  manifest: DatasetManifest,
  spec: BatchSpec,
  signal: AbortSignal,
): AsyncGenerator<BatchArrays> {
  const groupBy = spec.groupBy ?? [];
  const perImage = imageBytes(manifest.image);
  let pending: Row[] = [];
  const windows = spec.order
    ? orderedRows(store, manifest, spec, spec.order, signal)
    : rowWindows(store, manifest, spec, signal);
  for await (const rows of windows) {
    pending = pending.length ? pending.concat(rows) : rows;
    let start = 0;
    while (pending.length - start >= spec.batchSize) {
      yield assemble(pending.slice(start, start + spec.batchSize), perImage, groupBy, spec.normalize);
      start += spec.batchSize;
    }
    pending = pending.slice(start);
  }
  if (pending.length > 0 && !spec.dropRemainder) yield assemble(pending, perImage, groupBy, spec.normalize);
}

/** Eligible rows, shard by shard (in order), or mixed across a sliding window of two shards. */
async function* rowWindows(
  store: DatasetStore,
  manifest: DatasetManifest,
  spec: BatchSpec,
  signal: AbortSignal,
): AsyncGenerator<Row[]> {
  const order = Array.from({ length: manifest.nShards }, (_, i) => i);
  let rng: Rng | null = null;
  if (spec.shuffleSeed !== undefined) {
    shuffleInPlace(order, createRng(deriveSeed(spec.shuffleSeed, 'shards')));
    rng = createRng(deriveSeed(spec.shuffleSeed, 'rows'));
  }
  const load = (k: number) => {
    const promise = loadShard(store, manifest, spec, order[k]);
    promise.catch(() => {}); // Awaited below; this only silences an early exit.
    return promise;
  };
  let next = order.length > 0 ? load(0) : null;
  let carry: Row[] = [];
  for (let k = 0; k < order.length; k++) {
    throwIfCancelled(signal);
    const shard = await next!;
    next = k + 1 < order.length ? load(k + 1) : null; // Read ahead while this shard is consumed.
    const rows = eligibleRows(shard, spec.split);
    if (!rng) {
      yield rows;
      continue;
    }
    shuffleInPlace(rows, rng);
    const half = rows.length >> 1;
    yield shuffleInPlace(carry.concat(rows.slice(0, half)), rng);
    carry = rows.slice(half);
  }
  if (carry.length > 0) yield carry;
}

/** The rows of `order`, one batch's worth at a time; an image outside the split or without a label is refused. */
async function* orderedRows(
  store: DatasetStore,
  manifest: DatasetManifest,
  spec: BatchSpec,
  order: Int32Array,
  signal: AbortSignal,
): AsyncGenerator<Row[]> {
  const shards = new Map<number, Promise<LoadedShard>>();
  const shardOf = (index: number) => {
    const k = Math.floor(index / manifest.shardSize);
    if (!(index >= 0 && k < manifest.nShards)) throw new Error(`Image ${index} is not in "${manifest.name}"`);
    if (!shards.has(k)) shards.set(k, loadShard(store, manifest, spec, k));
    return shards.get(k)!;
  };
  for (let start = 0; start < order.length; start += spec.batchSize) {
    throwIfCancelled(signal);
    const rows: Row[] = [];
    for (const index of order.subarray(start, start + spec.batchSize)) {
      const shard = await shardOf(index);
      const row = index - shard.firstIndex;
      if (shard.target[row] < 0 || !inSplit(shard.split[row], spec.split))
        throw new Error(`Image ${index} of the order is not a labelled ${spec.split} image`);
      rows.push({ shard, row });
    }
    yield rows;
  }
}

async function loadShard(
  store: DatasetStore,
  manifest: DatasetManifest,
  spec: BatchSpec,
  index: number,
): Promise<LoadedShard> {
  const shard = await store.shard(manifest.id, index);
  const column = (name: string) => {
    const values = shard.categorical[name];
    if (!values) throw new Error(`Shard ${index} of "${manifest.name}" lacks attribute "${name}"`);
    return values;
  };
  return {
    firstIndex: shard.index * manifest.shardSize,
    n: shard.n,
    pixels: shard.pixels,
    split: shard.split,
    target: column(spec.target),
    groups: (spec.groupBy ?? []).map(column),
  };
}

function eligibleRows(shard: LoadedShard, split: BatchSpec['split']): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < shard.n; i++) {
    if (shard.target[i] >= 0 && inSplit(shard.split[i], split)) rows.push({ shard, row: i });
  }
  return rows;
}

function assemble(
  rows: Row[],
  perImage: number,
  groupBy: string[],
  normalize: BatchSpec['normalize'],
): BatchArrays {
  const size = rows.length;
  const x = new Float32Array(size * perImage);
  const yIndex = new Int32Array(size);
  const indices = new Int32Array(size);
  const groups = groupBy.map(() => new Int32Array(size));
  for (let i = 0; i < size; i++) {
    const { shard, row } = rows[i];
    const src = shard.pixels.subarray(row * perImage, (row + 1) * perImage);
    const at = i * perImage;
    if (normalize === 'unit') {
      for (let j = 0; j < perImage; j++) x[at + j] = UNIT_SCALE[src[j]];
    } else {
      x.set(src, at);
    }
    yIndex[i] = shard.target[row];
    indices[i] = shard.firstIndex + row;
    for (let g = 0; g < groupBy.length; g++) groups[g][i] = shard.groups[g][row];
  }
  return {
    x,
    yIndex,
    indices,
    size,
    groups: Object.fromEntries(groupBy.map((name, g) => [name, groups[g]])),
  };
}
