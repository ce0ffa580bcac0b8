import type { DatasetManifest, Shard } from '../data/types';

/**
 * Where datasets live. IndexedDB in the browser (and fake-indexeddb in tests),
 * a directory for the CLI. A dataset becomes visible only when its writer commits,
 * so a cancelled or failed write never leaves a half-listed dataset.
 */
export interface DatasetStore {
  list(): Promise<DatasetManifest[]>;
  manifest(id: string): Promise<DatasetManifest | undefined>;
  shard(id: string, index: number): Promise<Shard>;
  /** Starts writing a new dataset under `id`. */
  create(id: string): Promise<DatasetWriter>;
  delete(id: string): Promise<void>;
  /** Gives a committed dataset a new display name (its id and data stay); returns the new manifest. */
  rename(id: string, name: string): Promise<DatasetManifest>;
  /** Removes the shards of writes that never committed (e.g. after a crash or reload). */
  sweepIncomplete(): Promise<number>;
}

export interface DatasetWriter {
  readonly id: string;
  putShard(shard: Shard): Promise<void>;
  /** Makes the dataset visible with its final manifest. */
  commit(manifest: DatasetManifest): Promise<void>;
  /** Deletes everything written so far. */
  abort(): Promise<void>;
}
