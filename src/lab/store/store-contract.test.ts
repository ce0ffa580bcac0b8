import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetManifest } from '../data/types';
import type { DatasetStore } from './types';
import { FsDatasetStore } from './fs-store';
import { IdbDatasetStore } from './idb-store';
import { MemoryDatasetStore } from './memory-store';
import { makeRandomDataset } from '../test-support/store-fixtures';
import { checkedDatasetName } from './dataset-name';

const tempDirs: string[] = [];
afterAll(async () => {
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fl-store-'));
  tempDirs.push(dir);
  return dir;
}

const stores: [string, () => Promise<DatasetStore>][] = [
  ['MemoryDatasetStore', async () => new MemoryDatasetStore()],
  ['IdbDatasetStore', async () => new IdbDatasetStore(new IDBFactory())],
  ['FsDatasetStore', async () => new FsDatasetStore(await tempDir())],
];

const fixture = { n: 150, size: 4, shardSize: 64, numeric: ['age'], files: true, missingRate: 0.1 };

describe.each(stores)('%s', (_name, makeStore) => {
  it('round-trips shards with every field type', async () => {
    const source = new MemoryDatasetStore();
    const store = await makeStore();
    const manifest = await makeRandomDataset(source, { ...fixture, id: 'a' });
    await makeRandomDataset(store, { ...fixture, id: 'a' });
    expect(manifest.nShards).toBe(3);
    for (let i = 0; i < manifest.nShards; i++) {
      const [want, got] = [await source.shard('a', i), await store.shard('a', i)];
      expect(got).toEqual(want);
      expect(got.pixels).toBeInstanceOf(Uint8Array);
      expect(got.categorical.expression).toBeInstanceOf(Int32Array);
      expect(got.numeric.age).toBeInstanceOf(Float32Array);
      expect(got.files).toHaveLength(got.n);
    }
    const stored = await store.manifest('a');
    expect({ ...stored, createdAt: '' }).toEqual({ ...manifest, createdAt: '' });
    await expect(store.shard('a', 3)).rejects.toThrow(/has no shard 3/);
  });

  it('lists only committed datasets', async () => {
    const store = await makeStore();
    await makeRandomDataset(store, { n: 10, id: 'done' });
    const writer = await store.create('half');
    await writer.putShard(await store.shard('done', 0));
    expect((await store.list()).map((m) => m.id)).toEqual(['done']);
    expect(await store.manifest('half')).toBeUndefined();
    await expect(store.create('done')).rejects.toThrow(/already exists/);
  });

  it('abort leaves nothing and later calls on the writer fail', async () => {
    const store = await makeStore();
    await makeRandomDataset(store, { n: 10, id: 'src' });
    const writer = await store.create('gone');
    await writer.putShard(await store.shard('src', 0));
    await writer.abort();
    await expect(store.shard('gone', 0)).rejects.toThrow(/no shard/);
    await expect(writer.putShard(await store.shard('src', 0))).rejects.toThrow(/aborted/);
    expect((await store.list()).map((m) => m.id)).toEqual(['src']);
    // The id is free again.
    await makeRandomDataset(store, { n: 10, id: 'gone' });
  });

  it('commit refuses a manifest that does not match the shards written', async () => {
    const store = await makeStore();
    const manifest = await makeRandomDataset(store, { n: 10, id: 'src' });
    const writer = await store.create('short');
    await expect(writer.commit({ ...manifest, id: 'short', nShards: 2 })).rejects.toThrow(/0 shards written/);
    await expect(writer.commit({ ...manifest })).rejects.toThrow(/does not match/);
    await writer.abort();
  });

  it('delete removes manifest and shards', async () => {
    const store = await makeStore();
    await makeRandomDataset(store, { n: 100, id: 'x' });
    await makeRandomDataset(store, { n: 10, id: 'y' });
    await store.delete('x');
    expect((await store.list()).map((m) => m.id)).toEqual(['y']);
    await expect(store.shard('x', 0)).rejects.toThrow(/no shard/);
    expect((await store.shard('y', 0)).n).toBe(10);
  });

  it('rename changes the name only, and refuses an unknown id', async () => {
    const store = await makeStore();
    const before = await makeRandomDataset(store, { n: 10, id: 'r' });
    const renamed = await store.rename('r', 'my biased set');
    expect(renamed).toEqual({ ...before, name: 'my biased set', createdAt: renamed.createdAt });
    expect((await store.manifest('r'))?.name).toBe('my biased set');
    expect((await store.list()).map((m) => m.name)).toEqual(['my biased set']);
    expect((await store.shard('r', 0)).n).toBe(10);
    await expect(store.rename('nope', 'x')).rejects.toThrow(/No dataset with id "nope"/);
  });
});

describe('sweepIncomplete after a reload', () => {
  async function leaveHalfWritten(store: DatasetStore): Promise<DatasetManifest> {
    const manifest = await makeRandomDataset(store, { n: 100, id: 'kept' });
    const writer = await store.create('crashed');
    await writer.putShard(await store.shard('kept', 0));
    await writer.putShard(await store.shard('kept', 1));
    return manifest;
  }

  it('IdbDatasetStore: a new instance sweeps the abandoned write, not committed data', async () => {
    const factory = new IDBFactory();
    const before = new IdbDatasetStore(factory, 'lab');
    await leaveHalfWritten(before);
    expect(await before.sweepIncomplete()).toBe(0); // Still open in this instance.
    await before.close();
    const after = new IdbDatasetStore(factory, 'lab');
    expect(await after.sweepIncomplete()).toBe(1);
    expect(await after.sweepIncomplete()).toBe(0);
    await expect(after.shard('crashed', 0)).rejects.toThrow(/no shard/);
    expect((await after.list()).map((m) => m.id)).toEqual(['kept']);
    expect((await after.shard('kept', 1)).n).toBe(36);
  });

  it('FsDatasetStore: a new instance removes directories without a manifest', async () => {
    const root = await tempDir();
    await leaveHalfWritten(new FsDatasetStore(root));
    const after = new FsDatasetStore(root);
    expect(await after.sweepIncomplete()).toBe(1);
    expect((await after.list()).map((m) => m.id)).toEqual(['kept']);
    await expect(after.shard('crashed', 0)).rejects.toThrow(/no shard/);
  });

  it('MemoryDatasetStore: open writes are swept', async () => {
    const store = new MemoryDatasetStore();
    await leaveHalfWritten(store);
    expect(await store.sweepIncomplete()).toBe(1);
    await expect(store.shard('crashed', 0)).rejects.toThrow(/no shard/);
  });
});

describe('FsDatasetStore specifics', () => {
  it('lays out shard files and the manifest, and rejects unsafe ids', async () => {
    const root = await tempDir();
    const store = new FsDatasetStore(root);
    await makeRandomDataset(store, { n: 70, id: 'ds-1' });
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(join(root, 'ds-1'))).sort()).toEqual([
      'manifest.json',
      'shard-00000.bin',
      'shard-00001.bin',
    ]);
    await expect(store.create('../evil')).rejects.toThrow(/not a safe directory name/);
    expect(await new FsDatasetStore(join(root, 'missing')).list()).toEqual([]);
  });
});

describe('checkedDatasetName', () => {
  const other = { name: 'taken' } as DatasetManifest;
  it('trims the name and refuses an empty, overlong or taken one', () => {
    expect(checkedDatasetName('  my   set ', [other])).toBe('my set');
    expect(() => checkedDatasetName('  ', [])).toThrow('A dataset name cannot be empty');
    expect(() => checkedDatasetName('x'.repeat(121), [])).toThrow(/at most 120 characters \(got 121\)/);
    expect(() => checkedDatasetName('taken', [other])).toThrow(/already called "taken"/);
  });
});
