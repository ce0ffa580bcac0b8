import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IdbRunStore } from './idb-run-store';
import type { RunRecord } from './types';

const record = (id: string, createdAt: string) =>
  ({ id, createdAt, datasetName: 'd', schemaVersion: 2 }) as unknown as RunRecord;
const files = { 'model.json': '{}', 'weights.bin': new Uint8Array([1, 2, 3]) };

describe('IdbRunStore', () => {
  it('keeps runs in creation order with their model files, and deletes both', async () => {
    const store = new IdbRunStore(new IDBFactory());
    await store.put(record('b', '2026-01-02'), files);
    await store.put(record('a', '2026-01-01'), files);
    expect((await store.list()).map((r) => r.id)).toEqual(['a', 'b']);
    expect(await store.modelFiles('a')).toEqual(files);
    await store.delete('a');
    expect((await store.list()).map((r) => r.id)).toEqual(['b']);
    expect(await store.modelFiles('a')).toBeUndefined();
  });

  it('survives reopening the same database (a reload)', async () => {
    const factory = new IDBFactory();
    await new IdbRunStore(factory, 'runs').put(record('r', '2026-01-01'), files);
    expect((await new IdbRunStore(factory, 'runs').get('r'))?.id).toBe('r');
  });
});
