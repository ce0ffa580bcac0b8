import { describe, expect, it } from 'vitest';
import { isCancelled, silentJob, type JobContext, type Progress } from '../../jobs/job';
import type { DatasetStore, DatasetWriter } from '../../store/types';
import { DEFAULT_SHARD_SIZE, SPLIT_NAMES, type DatasetManifest, type Shard } from '../types';
import { DEFAULT_SYNTHETIC_CONFIG, type SyntheticConfig } from './config';
import { generateSyntheticDataset, syntheticDatasetId } from './generate';
import { syntheticShards } from './images';

/** An in-memory DatasetStore: shards are pending until their writer commits. */
class MemoryStore implements DatasetStore {
  readonly committed = new Map<string, { manifest: DatasetManifest; shards: Map<number, Shard> }>();
  readonly pending = new Map<string, Map<number, Shard>>();
  readonly calls: string[] = [];
  /** Called after each putShard, e.g. to cancel or fail mid-way. */
  afterPut: (shard: Shard) => void = () => {};

  async list() {
    return [...this.committed.values()].map((d) => d.manifest);
  }
  async manifest(id: string) {
    return this.committed.get(id)?.manifest;
  }
  async shard(id: string, index: number) {
    const shard = this.committed.get(id)?.shards.get(index);
    if (!shard) throw new Error(`No shard ${index} in ${id}`);
    return shard;
  }
  async create(id: string): Promise<DatasetWriter> {
    const shards = new Map<number, Shard>();
    this.pending.set(id, shards);
    this.calls.push(`create ${id}`);
    return {
      id,
      putShard: async (shard) => {
        this.calls.push(`put ${shard.index}`);
        shards.set(shard.index, shard);
        this.afterPut(shard);
      },
      commit: async (manifest) => {
        this.calls.push('commit');
        this.pending.delete(id);
        this.committed.set(id, { manifest, shards });
      },
      abort: async () => {
        this.calls.push('abort');
        this.pending.delete(id);
      },
    };
  }
  async delete(id: string) {
    this.committed.delete(id);
  }
  async rename(id: string, name: string) {
    const entry = this.committed.get(id);
    if (!entry) throw new Error(`No dataset with id "${id}"`);
    entry.manifest = { ...entry.manifest, name };
    return entry.manifest;
  }
  async sweepIncomplete() {
    const n = this.pending.size;
    this.pending.clear();
    return n;
  }
}

const config: SyntheticConfig = {
  ...DEFAULT_SYNTHETIC_CONFIG,
  imageSize: 16,
  nIdentities: 40,
  imagesPerIdentity: 10,
};

function recordingJob(signal = new AbortController().signal): JobContext & { progress: Progress[] } {
  const progress: Progress[] = [];
  return { signal, progress, report: (p) => progress.push(p) };
}

describe('generateSyntheticDataset', () => {
  it('writes every shard and commits a complete manifest', async () => {
    const store = new MemoryStore();
    const job = recordingJob();
    const manifest = await generateSyntheticDataset(config, store, job, {
      shardSize: 128,
      name: 'Test faces',
    });

    expect(store.calls).toEqual([
      `create ${syntheticDatasetId(config)}`,
      'put 0',
      'put 1',
      'put 2',
      'put 3',
      'commit',
    ]);
    expect(await store.list()).toEqual([manifest]);
    expect(manifest).toMatchObject({
      id: syntheticDatasetId(config),
      name: 'Test faces',
      source: { kind: 'synthetic', config },
      image: { size: 16, channels: 1 },
      nImages: 400,
      shardSize: 128,
      nShards: 4,
      numeric: [],
      targets: ['expression', 'identity'],
      bytes: 400 * 16 * 16,
      hasFiles: false,
    });
    expect(manifest.categorical.map((a) => [a.name, a.sensitive])).toEqual([
      ['identity', false],
      ['expression', false],
      ['expression_clean', false],
      ['skin', true],
      ['age', true],
    ]);
    expect(manifest.categorical[0].values).toHaveLength(40);
    expect(Object.keys(manifest.counts)).toEqual(['expression', 'expression_clean', 'skin', 'age']);
    expect(manifest.counts.skin).toEqual({ light: 320, dark: 80 });
    expect(manifest.counts.age).toEqual({ young: 280, old: 120 });
    for (const attribute of Object.values(manifest.counts)) {
      expect(Object.values(attribute).reduce((a, b) => a + b)).toBe(400);
    }
    expect(manifest.split.kind).toBe('stratified');
    expect(manifest.split.by).toEqual(['skin', 'expression']);
    expect(SPLIT_NAMES.reduce((n, s) => n + manifest.split.counts[s], 0)).toBe(400);
    expect(manifest.warnings.join(' ')).toMatch(/15% of expression labels for skin "dark"/);

    // The stored shards are exactly the store-free rendering.
    const expected = [...syntheticShards(config, 128)];
    for (const shard of expected) expect(await store.shard(manifest.id, shard.index)).toEqual(shard);

    // Progress: phase 'generate', monotone, ending at done = total.
    expect(job.progress.every((p) => p.phase === 'generate' && p.total === 400)).toBe(true);
    const done = job.progress.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(400);
    expect(job.progress.at(-1)!.etaSeconds).toBe(0);
  });

  it('uses the default shard size and a given id', async () => {
    const store = new MemoryStore();
    const bigger = { ...config, nIdentities: 110 };
    const manifest = await generateSyntheticDataset(bigger, store, silentJob(), { id: 'faces' });
    expect(manifest).toMatchObject({ id: 'faces', shardSize: DEFAULT_SHARD_SIZE, nShards: 2 });
    expect((await store.shard('faces', 1)).n).toBe(1100 - DEFAULT_SHARD_SIZE);
  });

  it('aborts and lists nothing when cancelled after the first shard', async () => {
    const store = new MemoryStore();
    const controller = new AbortController();
    store.afterPut = () => controller.abort();
    const error = await generateSyntheticDataset(config, store, recordingJob(controller.signal), {
      shardSize: 128,
    }).catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
    expect(store.calls).toEqual([`create ${syntheticDatasetId(config)}`, 'put 0', 'abort']);
    expect(await store.list()).toEqual([]);
    expect(store.pending.size).toBe(0);
  });

  it('aborts and rethrows when the store fails', async () => {
    const store = new MemoryStore();
    store.afterPut = (shard) => {
      if (shard.index === 1) throw new Error('Quota exceeded');
    };
    await expect(generateSyntheticDataset(config, store, silentJob(), { shardSize: 128 })).rejects.toThrow(
      'Quota exceeded',
    );
    expect(store.calls.at(-1)).toBe('abort');
    expect(await store.list()).toEqual([]);
  });

  it('does not touch the store for an invalid config or an already-cancelled job', async () => {
    const store = new MemoryStore();
    await expect(generateSyntheticDataset({ ...config, imageSize: 200 }, store, silentJob())).rejects.toThrow(
      /imageSize/,
    );
    const controller = new AbortController();
    controller.abort();
    await expect(generateSyntheticDataset(config, store, recordingJob(controller.signal))).rejects.toThrow(
      /Cancelled/,
    );
    expect(store.calls).toEqual([]);
  });
});

describe('an identity-disjoint synthetic split', () => {
  it('puts every image of an identity in one split (an open set for identification)', async () => {
    const store = new MemoryStore();
    const manifest = await generateSyntheticDataset(
      { ...config, split: 'identity-disjoint' },
      store,
      silentJob(),
    );
    expect(manifest.split.kind).toBe('identity-disjoint');
    const splitOf = new Map<number, Set<number>>();
    for (let s = 0; s < manifest.nShards; s++) {
      const shard = (await store.shard(manifest.id, s))!;
      shard.categorical.identity.forEach((id, i) => {
        if (!splitOf.has(id)) splitOf.set(id, new Set());
        splitOf.get(id)!.add(shard.split[i]);
      });
    }
    expect([...splitOf.values()].every((splits) => splits.size === 1)).toBe(true);
    expect(manifest.split.counts.train + manifest.split.counts.val + manifest.split.counts.test).toBe(400);
    expect(manifest.split.counts.test).toBeGreaterThan(0);
  });
});
