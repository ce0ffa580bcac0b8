import type { DatasetManifest, Shard } from '../data/types';
import type { DatasetStore, DatasetWriter } from './types';
import { copyShard } from './shard-arrays';

/**
 * A dataset store in Maps, for tests and benchmarks. Shards are copied on write
 * (like IndexedDB) but returned without copying: treat them as read-only.
 */
export class MemoryDatasetStore implements DatasetStore {
  private readonly manifests = new Map<string, DatasetManifest>();
  /** Shards by dataset id, committed or still being written. */
  private readonly shards = new Map<string, Map<number, Shard>>();
  /** Ids being written. */
  private readonly pending = new Set<string>();

  async list(): Promise<DatasetManifest[]> {
    return [...this.manifests.values()].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
  }

  async manifest(id: string): Promise<DatasetManifest | undefined> {
    return this.manifests.get(id);
  }

  async shard(id: string, index: number): Promise<Shard> {
    const shard = this.shards.get(id)?.get(index);
    if (!shard) throw new Error(`Dataset "${id}" has no shard ${index}`);
    return shard;
  }

  async create(id: string): Promise<DatasetWriter> {
    if (!id) throw new Error('Dataset id must not be empty');
    if (this.manifests.has(id)) throw new Error(`Dataset "${id}" already exists`);
    if (this.pending.has(id)) throw new Error(`Dataset "${id}" is already being written`);
    this.pending.add(id);
    const shards = new Map<number, Shard>();
    this.shards.set(id, shards);
    let state: 'open' | 'committed' | 'aborted' = 'open';
    const assertOpen = () => {
      if (state !== 'open') throw new Error(`Write of "${id}" is already ${state}`);
    };
    return {
      id,
      putShard: async (shard) => {
        assertOpen();
        shards.set(shard.index, copyShard(shard));
      },
      commit: async (manifest) => {
        assertOpen();
        if (manifest.id !== id) throw new Error(`Manifest id "${manifest.id}" does not match writer "${id}"`);
        if (!this.pending.has(id)) throw new Error(`Cannot commit "${id}": its write was aborted or swept`);
        if (shards.size !== manifest.nShards) {
          throw new Error(
            `Cannot commit "${id}": ${shards.size} shards written but the manifest says ${manifest.nShards}`,
          );
        }
        this.manifests.set(id, structuredClone(manifest));
        this.pending.delete(id);
        state = 'committed';
      },
      abort: async () => {
        if (state !== 'open') return;
        state = 'aborted';
        this.discard(id);
      },
    };
  }

  async delete(id: string): Promise<void> {
    this.manifests.delete(id);
    this.discard(id);
  }

  async rename(id: string, name: string): Promise<DatasetManifest> {
    const manifest = this.manifests.get(id);
    if (!manifest) throw new Error(`No dataset with id "${id}"`);
    const renamed = { ...manifest, name };
    this.manifests.set(id, renamed);
    return structuredClone(renamed);
  }

  /** Nothing survives a restart here, so every open write counts as incomplete. */
  async sweepIncomplete(): Promise<number> {
    const ids = [...this.pending];
    for (const id of ids) this.discard(id);
    return ids.length;
  }

  private discard(id: string): void {
    this.shards.delete(id);
    this.pending.delete(id);
  }
}
