import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { SPLIT_CODE, type DatasetManifest } from '../data/types';
import { CancelledError } from '../jobs/job';
import { MemoryDatasetStore } from './memory-store';
import { streamBatches, type Batch, type BatchSpec } from './stream';
import { batchesPerEpoch, countSplit, readSplitLabels } from './split-labels';
import { makeRandomDataset } from '../test-support/store-fixtures';

let store: MemoryDatasetStore;
let manifest: DatasetManifest;

beforeAll(async () => {
  await tf.setBackend('cpu');
  store = new MemoryDatasetStore();
  manifest = await makeRandomDataset(store, {
    n: 1000,
    size: 4,
    shardSize: 64,
    attrs: { expression: 3, skin: 4, gender: 2 },
    missingRate: 0.1,
    id: 'ds',
  });
});

const spec = (extra: Partial<BatchSpec> = {}): BatchSpec => ({
  datasetId: 'ds',
  split: 'train',
  batchSize: 32,
  target: 'expression',
  ...extra,
});

/** Reads an epoch, disposing every batch, and keeps the plain arrays. */
async function epoch(s: BatchSpec, prefetch?: number) {
  const batches: Omit<Batch, 'x' | 'y'>[] = [];
  for await (const { x, y, ...rest } of streamBatches(store, s, { prefetch })) {
    expect(x.shape).toEqual([rest.size, 4, 4, 3]);
    expect(y.shape).toEqual([rest.size]);
    x.dispose();
    y.dispose();
    batches.push(rest);
  }
  return batches;
}

/** Global indices of images in a split whose target is present, from the store directly. */
async function expectedIndices(split: 'train' | 'test' | 'all', attr = 'expression'): Promise<number[]> {
  const out: number[] = [];
  for (let s = 0; s < manifest.nShards; s++) {
    const shard = await store.shard('ds', s);
    for (let i = 0; i < shard.n; i++) {
      const inSplit = split === 'all' || shard.split[i] === SPLIT_CODE[split];
      if (inSplit && shard.categorical[attr][i] >= 0) out.push(s * manifest.shardSize + i);
    }
  }
  return out;
}

const allIndices = (batches: { indices: Int32Array }[]) => batches.flatMap((b) => [...b.indices]);

describe('streamBatches', () => {
  it('covers every eligible image of the split exactly once, in order without a seed', async () => {
    const batches = await epoch(spec());
    const want = await expectedIndices('train');
    expect(allIndices(batches)).toEqual(want);
    expect(want.length).toBeLessThan(manifest.split.counts.train); // some targets were missing
    expect(batches.map((b) => b.size)).toEqual(
      Array.from({ length: batchesPerEpoch(want.length, 32) }, (_, i) => Math.min(32, want.length - i * 32)),
    );
  });

  it('respects batch size and dropRemainder', async () => {
    const batches = await epoch(spec({ batchSize: 50, dropRemainder: true, split: 'all' }));
    const want = await expectedIndices('all');
    expect(batches).toHaveLength(Math.floor(want.length / 50));
    expect(batches.every((b) => b.size === 50)).toBe(true);
  });

  it('returns labels, groups and pixels that match the stored images', async () => {
    const stream = streamBatches(store, spec({ groupBy: ['skin', 'gender'], normalize: 'unit' }));
    const batch = (await stream.next()).value as Batch;
    await stream.return(undefined);
    const x = await batch.x.data();
    const y = await batch.y.data();
    batch.x.dispose();
    batch.y.dispose();
    for (let i = 0; i < batch.size; i++) {
      const index = batch.indices[i];
      const shard = await store.shard('ds', Math.floor(index / 64));
      const row = index % 64;
      expect(batch.yIndex[i]).toBe(shard.categorical.expression[row]);
      expect(y[i]).toBe(batch.yIndex[i]);
      expect(batch.groups.skin[i]).toBe(shard.categorical.skin[row]);
      expect(batch.groups.gender[i]).toBe(shard.categorical.gender[row]);
      for (let j = 0; j < 48; j++) expect(x[i * 48 + j]).toBeCloseTo(shard.pixels[row * 48 + j] / 255, 6);
    }
  });

  it('shuffles deterministically per seed and still covers the split once', async () => {
    const a = allIndices(await epoch(spec({ shuffleSeed: 7 })));
    const b = allIndices(await epoch(spec({ shuffleSeed: 7 }), 0));
    const c = allIndices(await epoch(spec({ shuffleSeed: 8 })));
    const want = await expectedIndices('train');
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(want);
    expect([...a].sort((p, q) => p - q)).toEqual(want);
    expect([...c].sort((p, q) => p - q)).toEqual(want);
    // Rows mix across shard boundaries: a batch holds images from more than one shard.
    const firstBatchShards = new Set(a.slice(0, 32).map((i) => Math.floor(i / 64)));
    expect(firstBatchShards.size).toBeGreaterThan(1);
  });

  it('leaves no tensors behind after a full epoch', async () => {
    const before = tf.memory().numTensors;
    await epoch(spec({ shuffleSeed: 1, split: 'all' }), 4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves no tensors behind after breaking out early', async () => {
    const before = tf.memory().numTensors;
    let seen = 0;
    for await (const batch of streamBatches(store, spec({ batchSize: 8 }), { prefetch: 4 })) {
      batch.x.dispose();
      batch.y.dispose();
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops with a CancelledError when aborted, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = async () => {
      for await (const batch of streamBatches(store, spec({ batchSize: 8 }), { signal: controller.signal })) {
        batch.x.dispose();
        batch.y.dispose();
        controller.abort();
      }
    };
    await expect(run()).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives clear errors for bad specs', async () => {
    await expect(streamBatches(store, spec({ target: 'age' })).next()).rejects.toThrow(
      /has no attribute "age"/,
    );
    await expect(streamBatches(store, spec({ datasetId: 'nope' })).next()).rejects.toThrow(
      /No dataset "nope"/,
    );
    await expect(streamBatches(store, spec({ batchSize: 0 })).next()).rejects.toThrow(/positive integer/);
  });
});

describe('split labels', () => {
  it('readSplitLabels returns the split in dataset order without pixels', async () => {
    const labels = await readSplitLabels(store, 'ds', 'test', ['expression', 'skin']);
    expect(labels.n).toBe(manifest.split.counts.test);
    const unfiltered: number[] = [];
    for (let s = 0; s < manifest.nShards; s++) {
      const shard = await store.shard('ds', s);
      for (let i = 0; i < shard.n; i++) if (shard.split[i] === SPLIT_CODE.test) unfiltered.push(s * 64 + i);
    }
    expect([...labels.indices]).toEqual(unfiltered);
    expect(labels.labels.expression).toHaveLength(labels.n);
    expect([...labels.labels.expression].some((v) => v === -1)).toBe(true);
  });

  it('countSplit agrees between the manifest and the shards', async () => {
    const shards = await Promise.all(
      Array.from({ length: manifest.nShards }, (_, i) => store.shard('ds', i)),
    );
    for (const split of ['train', 'val', 'test', 'all'] as const) {
      expect(countSplit(shards, split)).toBe(countSplit(manifest, split));
    }
  });
});

describe('streamBatches with an explicit order', () => {
  it('yields exactly the given images in order, repeats included, and refuses images outside the split', async () => {
    const store = new MemoryDatasetStore();
    const manifest = await makeRandomDataset(store, { n: 200, size: 4, channels: 1, shardSize: 32, seed: 5 });
    const { indices } = await readSplitLabels(store, manifest.id, 'train', ['expression']);
    const order = Int32Array.from([indices[5], indices[0], indices[5], indices[90], indices[3]]);
    const seen: number[] = [];
    for await (const batch of streamBatches(store, {
      datasetId: manifest.id,
      split: 'train',
      batchSize: 2,
      target: 'expression',
      order,
    })) {
      seen.push(...batch.indices);
      batch.x.dispose();
      batch.y.dispose();
    }
    expect(seen).toEqual(Array.from(order));
    const { indices: test } = await readSplitLabels(store, manifest.id, 'test', ['expression']);
    const bad = streamBatches(store, {
      datasetId: manifest.id,
      split: 'train',
      batchSize: 2,
      target: 'expression',
      order: Int32Array.from([test[0]]),
    });
    await expect(bad.next()).rejects.toThrow(/not a labelled train image/);
  });
});
