import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../jobs/job';
import type { DatasetStore } from './types';
import { exportBundle, exportBundleChunks, importBundle } from './bundle';
import { IdbDatasetStore } from './idb-store';
import { MemoryDatasetStore } from './memory-store';
import { makeRandomDataset } from '../test-support/store-fixtures';

async function sourceBundle() {
  const source = new MemoryDatasetStore();
  const manifest = await makeRandomDataset(source, {
    n: 130,
    size: 6,
    channels: 1,
    numeric: ['age'],
    files: true,
    missingRate: 0.2,
    id: 'orig',
  });
  return { source, manifest, bytes: await exportBundle(source, 'orig') };
}

async function expectSameShards(a: DatasetStore, aId: string, b: DatasetStore, bId: string, nShards: number) {
  for (let i = 0; i < nShards; i++) expect(await b.shard(bId, i)).toEqual(await a.shard(aId, i));
}

describe('bundles', () => {
  it('export → import reproduces manifest and shards', async () => {
    const { source, manifest, bytes } = await sourceBundle();
    const target = new IdbDatasetStore(new IDBFactory());
    const imported = await importBundle(target, bytes);
    expect(imported).toEqual(manifest);
    expect(await target.manifest('orig')).toEqual(manifest);
    await expectSameShards(source, 'orig', target, 'orig', manifest.nShards);
  });

  it('imports under a new id and name, and refuses a clash without one', async () => {
    const { source, manifest, bytes } = await sourceBundle();
    await expect(importBundle(source, bytes)).rejects.toThrow(/already exists here/);
    const copy = await importBundle(source, bytes, undefined, { newId: 'copy', newName: 'Copy' });
    expect(copy).toEqual({ ...manifest, id: 'copy', name: 'Copy' });
    await expectSameShards(source, 'orig', source, 'copy', manifest.nShards);
  });

  it('imports from a stream of odd-sized chunks', async () => {
    const { source, manifest } = await sourceBundle();
    async function* rechunk() {
      for await (const chunk of exportBundleChunks(source, 'orig')) {
        for (let i = 0; i < chunk.length; i += 777) yield chunk.slice(i, i + 777);
      }
    }
    const target = new MemoryDatasetStore();
    expect(await importBundle(target, rechunk())).toEqual(manifest);
    await expectSameShards(source, 'orig', target, 'orig', manifest.nShards);
  });

  it('rejects damaged files clearly and leaves nothing listed', async () => {
    const { bytes } = await sourceBundle();
    const target = new IdbDatasetStore(new IDBFactory());
    const versioned = bytes.slice();
    new DataView(versioned.buffer).setUint32(8, 9, true);
    const flipped = bytes.slice();
    flipped[bytes.length - 2000] ^= 0xff;
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('PK\u0003\u0004 a zip file, not a bundle'), /not a Fairness Lab bundle/],
      [versioned, /Bundle version 9 is not supported/],
      [bytes.subarray(0, 30), /truncated.*manifest/],
      [bytes.subarray(0, bytes.length - 3000), /truncated.*inside shard \d of 3/],
      [bytes.subarray(0, bytes.length - 4), /truncated.*end marker/],
      [flipped, /corrupt: shard \d fails its checksum/],
      [Uint8Array.from([...bytes, 1]), /unexpected data after its end/],
    ];
    for (const [file, message] of cases) await expect(importBundle(target, file)).rejects.toThrow(message);
    expect(await target.list()).toEqual([]);
    expect(await target.sweepIncomplete()).toBe(0);
    await expect(target.shard('orig', 0)).rejects.toThrow(/no shard/);
  });

  it('a cancelled import leaves nothing listed', async () => {
    const { bytes } = await sourceBundle();
    const target = new MemoryDatasetStore();
    const controller = new AbortController();
    const job = {
      signal: controller.signal,
      report: (p: { done: number }) => p.done === 1 && controller.abort(),
    };
    await expect(importBundle(target, bytes, job)).rejects.toBeInstanceOf(CancelledError);
    expect(await target.list()).toEqual([]);
    await expect(target.shard('orig', 0)).rejects.toThrow(/no shard/);
  });
});
