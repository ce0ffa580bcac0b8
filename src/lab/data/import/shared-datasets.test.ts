import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../../store/memory-store';
import { importDataset } from './formats';
import { NodeDirectorySource } from './node-file-source';
import { SHARED_DATASETS } from '../../test-support/import-fixtures';

const UTK = join(SHARED_DATASETS, 'utkface-sample');
const ATT = join(SHARED_DATASETS, 'att-faces');

describe.skipIf(!existsSync(UTK))('shared utkface-sample', () => {
  it('imports 1,000 images: 100 per race × gender', async () => {
    const store = new MemoryDatasetStore();
    const { manifest, skipped } = await importDataset('utkface', new NodeDirectorySource(UTK), store, {
      id: 'utk',
    });
    expect(skipped).toEqual([]);
    expect(manifest.nImages).toBe(1000);
    expect(manifest.image).toEqual({ size: 64, channels: 3 });
    const shard = await store.shard('utk', 0);
    const cells = new Map<string, number>();
    for (let i = 0; i < shard.n; i++) {
      const key = `${shard.categorical.race[i]}-${shard.categorical.gender[i]}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    expect(cells.size).toBe(10);
    for (const n of cells.values()) expect(n).toBe(100);
  });
});

describe.skipIf(!existsSync(ATT))('shared att-faces', () => {
  it('imports 40 identities, split identity-disjoint', async () => {
    const store = new MemoryDatasetStore();
    const { manifest } = await importDataset('folder', new NodeDirectorySource(ATT), store, { id: 'att' });
    expect(manifest.nImages).toBe(400);
    expect(manifest.image.channels).toBe(1);
    expect(Object.keys(manifest.counts.identity)).toHaveLength(40);
    expect(manifest.split).toMatchObject({
      kind: 'identity-disjoint',
      counts: { train: 280, val: 40, test: 80 },
    });
    const shard = await store.shard('att', 0);
    const splitOf = new Map<number, number>();
    for (let i = 0; i < shard.n; i++) {
      const id = shard.categorical.identity[i];
      expect(splitOf.get(id) ?? shard.split[i]).toBe(shard.split[i]);
      splitOf.set(id, shard.split[i]);
    }
  });
});
