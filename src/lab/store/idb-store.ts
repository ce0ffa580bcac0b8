import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { DatasetManifest, Shard } from '../data/types';
import type { DatasetStore, DatasetWriter } from './types';
import { GuardedWriter, type WriteTarget } from './guarded-writer';
import { compactShard } from './shard-arrays';
import { isQuotaError } from './quota';

export { storageEstimate } from './quota';

/** A write that has started but not committed; left behind when a tab closes mid-write. */
interface PendingWrite {
  id: string;
  /** Date.now() when the write started. */
  startedAt: number;
}

interface LabDb extends DBSchema {
  /** Committed datasets only. */
  manifests: { key: string; value: DatasetManifest };
  /** Keyed [datasetId, shard index]; typed arrays stored by structured clone. */
  shards: { key: [string, number]; value: Shard };
  pending: { key: string; value: PendingWrite };
}

const DB_VERSION = 1;
export const DEFAULT_DB_NAME = 'fairness-lab';

/**
 * The browser's dataset store, in IndexedDB. Works in a tab or a Worker.
 * In Node, pass fake-indexeddb's factory and import 'fake-indexeddb/auto' first
 * (idb needs the IDB* classes as globals).
 */
export class IdbDatasetStore implements DatasetStore, WriteTarget {
  private readonly factory: IDBFactory;
  private opening: Promise<IDBPDatabase<LabDb>> | null = null;
  /** Ids being written through this instance; sweepIncomplete leaves them alone. */
  private readonly active = new Set<string>();

  constructor(
    factory?: IDBFactory,
    readonly dbName: string = DEFAULT_DB_NAME,
  ) {
    const resolved = factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!resolved) throw new Error('IndexedDB is not available here (pass an IDBFactory)');
    if (typeof IDBDatabase === 'undefined') {
      throw new Error("IndexedDB classes are missing; in Node, import 'fake-indexeddb/auto' first");
    }
    this.factory = resolved;
  }

  async list(): Promise<DatasetManifest[]> {
    const all = await (await this.db()).getAll('manifests');
    return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async manifest(id: string): Promise<DatasetManifest | undefined> {
    return (await this.db()).get('manifests', id);
  }

  async shard(id: string, index: number): Promise<Shard> {
    const shard = await (await this.db()).get('shards', [id, index]);
    if (!shard) throw new Error(`Dataset "${id}" has no shard ${index}`);
    return shard;
  }

  async create(id: string): Promise<DatasetWriter> {
    if (!id) throw new Error('Dataset id must not be empty');
    if (this.active.has(id)) throw new Error(`Dataset "${id}" is already being written`);
    const db = await this.db();
    const tx = db.transaction(['manifests', 'pending', 'shards'], 'readwrite');
    if (await tx.objectStore('manifests').getKey(id)) {
      await tx.done;
      throw new Error(`Dataset "${id}" already exists`);
    }
    // Leftovers of an earlier crashed write under the same id are cleared.
    await Promise.all([
      tx.objectStore('shards').delete(shardRange(id)),
      tx.objectStore('pending').put({ id, startedAt: Date.now() }),
      tx.done,
    ]);
    this.active.add(id);
    return new GuardedWriter(this, id, isQuotaError);
  }

  async delete(id: string): Promise<void> {
    const db = await this.db();
    const tx = db.transaction(['manifests', 'pending', 'shards'], 'readwrite');
    await Promise.all([
      tx.objectStore('manifests').delete(id),
      tx.objectStore('pending').delete(id),
      tx.objectStore('shards').delete(shardRange(id)),
      tx.done,
    ]);
  }

  async rename(id: string, name: string): Promise<DatasetManifest> {
    const db = await this.db();
    const tx = db.transaction('manifests', 'readwrite');
    const manifest = await tx.store.get(id);
    if (!manifest) {
      await tx.done;
      throw new Error(`No dataset with id "${id}"`);
    }
    const renamed = { ...manifest, name };
    await Promise.all([tx.store.put(renamed), tx.done]);
    return renamed;
  }

  /** Deletes the shards of writes that never committed, except writes open in this instance. */
  async sweepIncomplete(): Promise<number> {
    const db = await this.db();
    const stale = (await db.getAllKeys('pending')).filter((id) => !this.active.has(id));
    for (const id of stale) await this.discard(id);
    return stale.length;
  }

  /** Closes the connection (tests; a later call reopens it). */
  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    if (opening) (await opening).close();
  }

  /** Deletes a write's shards and pending marker in one transaction. */
  async discard(id: string): Promise<void> {
    const db = await this.db();
    const tx = db.transaction(['pending', 'shards'], 'readwrite');
    await Promise.all([
      tx.objectStore('shards').delete(shardRange(id)),
      tx.objectStore('pending').delete(id),
      tx.done,
    ]);
  }

  /** @internal Used by the writer. */
  async writeShard(id: string, shard: Shard): Promise<void> {
    const db = await this.db();
    const tx = db.transaction('shards', 'readwrite');
    try {
      await Promise.all([tx.store.put(compactShard(shard), [id, shard.index]), tx.done]);
    } catch (error) {
      // A quota failure may surface as the request's AbortError; the transaction holds the cause.
      throw isQuotaError(tx.error) ? tx.error : error;
    }
  }

  /** @internal Used by the writer: manifest in, pending marker out, in one transaction. */
  async writeManifest(manifest: DatasetManifest): Promise<void> {
    const { id } = manifest;
    const db = await this.db();
    const tx = db.transaction(['manifests', 'pending', 'shards'], 'readwrite');
    const [pending, written] = await Promise.all([
      tx.objectStore('pending').getKey(id),
      tx.objectStore('shards').count(shardRange(id)),
    ]);
    // Nothing has been written yet, so throwing here lets the transaction finish empty.
    if (!pending) {
      await tx.done;
      throw new Error(`Cannot commit "${id}": its write was aborted or swept`);
    }
    if (written !== manifest.nShards) {
      await tx.done;
      throw new Error(
        `Cannot commit "${id}": ${written} shards written but the manifest says ${manifest.nShards}`,
      );
    }
    await Promise.all([
      tx.objectStore('manifests').put(manifest),
      tx.objectStore('pending').delete(id),
      tx.done,
    ]);
  }

  /** @internal */
  release(id: string): void {
    this.active.delete(id);
  }

  private db(): Promise<IDBPDatabase<LabDb>> {
    if (!this.opening) this.opening = this.open();
    return this.opening;
  }

  private async open(): Promise<IDBPDatabase<LabDb>> {
    const request = this.factory.open(this.dbName, DB_VERSION);
    request.addEventListener('upgradeneeded', () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('manifests')) db.createObjectStore('manifests', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('shards')) db.createObjectStore('shards');
      if (!db.objectStoreNames.contains('pending')) db.createObjectStore('pending', { keyPath: 'id' });
    });
    const db = (await wrap(request)) as unknown as IDBPDatabase<LabDb>;
    // Another tab upgrading the schema: step aside and reopen on next use.
    db.addEventListener('versionchange', () => {
      db.close();
      this.opening = null;
    });
    return db;
  }
}

/** All shard keys of one dataset: [id] sorts before [id, n], and [id, []] after (arrays sort last). */
function shardRange(id: string): IDBKeyRange {
  return IDBKeyRange.bound([id], [id, []]);
}
