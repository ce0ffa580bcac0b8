import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdbDatasetStore, storageEstimate } from './idb-store';
import { MemoryDatasetStore } from './memory-store';
import { makeRandomDataset } from '../test-support/store-fixtures';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('IdbDatasetStore', () => {
  it('turns a quota failure into a clear error and removes the partial dataset', async () => {
    const source = new MemoryDatasetStore();
    await makeRandomDataset(source, { n: 200, size: 16, id: 'src' });
    const factory = new IDBFactory();
    const store = new IdbDatasetStore(factory);
    const writer = await store.create('big');
    await writer.putShard(await source.shard('src', 0));
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const failure = writer.putShard(await source.shard('src', 1));
    await expect(failure).rejects.toMatchObject({ name: 'QuotaExceededError' });
    await expect(failure).rejects.toThrow(/0\.05 MB.*"big".*Delete some datasets/);
    await expect(store.shard('big', 0)).rejects.toThrow(/no shard/);
    expect(await store.list()).toEqual([]);
    await store.close();
    expect(await new IdbDatasetStore(factory).sweepIncomplete()).toBe(0);
  });

  it('stores only the bytes of a view, not its whole buffer', async () => {
    const store = new IdbDatasetStore(new IDBFactory());
    const source = new MemoryDatasetStore();
    await makeRandomDataset(source, { n: 10, size: 4, id: 'src' });
    const shard = await source.shard('src', 0);
    const big = new Uint8Array(shard.pixels.length + 1000);
    big.set(shard.pixels, 500);
    const writer = await store.create('view');
    await writer.putShard({ ...shard, pixels: big.subarray(500, 500 + shard.pixels.length) });
    const got = await store.shard('view', 0);
    expect(got.pixels.buffer.byteLength).toBe(shard.pixels.length);
    expect(got.pixels).toEqual(shard.pixels);
    await writer.abort();
  });

  it('keeps databases with different names apart', async () => {
    const factory = new IDBFactory();
    await makeRandomDataset(new IdbDatasetStore(factory, 'one'), { n: 5, id: 'a' });
    expect(await new IdbDatasetStore(factory, 'two').list()).toEqual([]);
    expect((await new IdbDatasetStore(factory, 'one').list()).map((m) => m.id)).toEqual(['a']);
  });

  it('storageEstimate is null where navigator.storage is missing', async () => {
    vi.stubGlobal('navigator', undefined);
    expect(await storageEstimate()).toBeNull();
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 5, quota: 100 }) } });
    expect(await storageEstimate()).toEqual({ usage: 5, quota: 100 });
    vi.unstubAllGlobals();
  });
});
