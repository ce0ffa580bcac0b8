import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BenchRow } from '../types';
import type { DatasetManifest } from '../../src/lab/data/types';
import type { DatasetStore } from '../../src/lab/store/types';
import { IdbDatasetStore } from '../../src/lab/store/idb-store';
import { MemoryDatasetStore } from '../../src/lab/store/memory-store';
import { streamBatches } from '../../src/lab/store/stream';
import { makeRandomDataset } from '../../src/lab/test-support/store-fixtures';

/**
 * Dataset store throughput in Node: writing shards, reading them back, and streaming shuffled,
 * normalised batches into tensors (the training loop's input), for 64×64×3 images.
 * MemoryDatasetStore and IdbDatasetStore on fake-indexeddb; Chromium's real IndexedDB comes via a page.
 */
export async function runStreamingBench(opts: { quick: boolean }): Promise<BenchRow[]> {
  const n = opts.quick ? 10_000 : 100_000;
  await tf.ready();
  const backend = tf.getBackend();
  // Generated once, untimed; each store is timed copying it in shard by shard.
  const source = new MemoryDatasetStore();
  const manifest = await makeRandomDataset(source, {
    n,
    size: 64,
    channels: 3,
    shardSize: 1024,
    attrs: { expression: 7, skin: 6, gender: 2 },
    id: 'bench',
  });
  const rows: BenchRow[] = [];
  const stores: [string, () => DatasetStore][] = [
    ['memory', () => new MemoryDatasetStore()],
    ['idb (fake-indexeddb)', () => new IdbDatasetStore(new IDBFactory(), 'bench')],
  ];
  for (const [name, makeStore] of stores) {
    const store = makeStore();
    const row = (metric: string, value: number, unit: string) =>
      rows.push({ suite: 'streaming', model: name, backend, env: 'node', metric, value: round(value), unit });
    const throughput = (phase: string, seconds: number) => {
      row(`${phase} images/s`, n / seconds, 'images/s');
      row(`${phase} MB/s`, manifest.bytes / 1e6 / seconds, 'MB/s');
    };
    throughput('write', await timeWrite(source, store, manifest));
    // The memory store hands out its own objects, so a read there measures nothing.
    if (!(store instanceof MemoryDatasetStore)) throughput('read', await timeRead(store, manifest));
    // A short early-stopped stream warms up the JIT and checks nothing leaks.
    const before = tf.memory().numTensors;
    await timeStream(store, manifest, 20);
    row('tensors leaked after early stop', tf.memory().numTensors - before, 'tensors');
    throughput('stream', await timeStream(store, manifest));
  }
  return rows;
}

async function timeWrite(
  source: DatasetStore,
  target: DatasetStore,
  manifest: DatasetManifest,
): Promise<number> {
  const start = performance.now();
  const writer = await target.create(manifest.id);
  for (let i = 0; i < manifest.nShards; i++) await writer.putShard(await source.shard(manifest.id, i));
  await writer.commit(manifest);
  return (performance.now() - start) / 1000;
}

async function timeRead(store: DatasetStore, manifest: DatasetManifest): Promise<number> {
  const start = performance.now();
  let images = 0;
  for (let i = 0; i < manifest.nShards; i++) images += (await store.shard(manifest.id, i)).n;
  if (images !== manifest.nImages) throw new Error(`Read ${images} images, expected ${manifest.nImages}`);
  return (performance.now() - start) / 1000;
}

/** One shuffled epoch of batches of 64 scaled to [0, 1], as the trainer reads them. */
async function timeStream(
  store: DatasetStore,
  manifest: DatasetManifest,
  stopAfter = Infinity,
): Promise<number> {
  const start = performance.now();
  let batches = 0;
  const spec = {
    datasetId: manifest.id,
    split: 'all',
    batchSize: 64,
    target: 'expression',
    shuffleSeed: 1,
  } as const;
  for await (const batch of streamBatches(store, { ...spec, normalize: 'unit' }, { prefetch: 2 })) {
    batch.x.dispose();
    batch.y.dispose();
    if (++batches >= stopAfter) break;
  }
  return (performance.now() - start) / 1000;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
