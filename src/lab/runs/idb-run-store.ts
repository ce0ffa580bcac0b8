import { wrap, type IDBPDatabase } from 'idb';
import type { ModelFiles } from '../models/artifacts';
import { migrateRunRecord } from './migrate';
import type { RunRecord, RunStore } from './types';

const RUNS = 'runs';
const MODELS = 'models';
/** Version 2 migrated the records of version 1 to the trial schema (see migrate.ts). */
const DB_VERSION = 2;

/** Runs and their model files in IndexedDB, so the scatter survives a reload. */
export class IdbRunStore implements RunStore {
  private db: Promise<IDBPDatabase>;

  constructor(factory: IDBFactory = globalThis.indexedDB, name = 'fairness-lab-runs') {
    const request = factory.open(name, DB_VERSION);
    request.addEventListener('upgradeneeded', (event) => {
      const db = request.result;
      if (event.oldVersion < 1) {
        db.createObjectStore(RUNS, { keyPath: 'id' });
        db.createObjectStore(MODELS);
        return;
      }
      const runs = request.transaction!.objectStore(RUNS);
      const cursor = runs.openCursor();
      cursor.addEventListener('success', () => {
        const c = cursor.result;
        if (!c) return;
        c.update(migrateRunRecord(c.value));
        c.continue();
      });
    });
    this.db = wrap(request) as unknown as Promise<IDBPDatabase>;
  }

  async list(): Promise<RunRecord[]> {
    const runs = ((await (await this.db).getAll(RUNS)) as RunRecord[]).map((r) => migrateRunRecord(r));
    return runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const record = await (await this.db).get(RUNS, id);
    return record ? migrateRunRecord(record) : undefined;
  }

  async put(record: RunRecord, files?: ModelFiles): Promise<void> {
    const tx = (await this.db).transaction([RUNS, MODELS], 'readwrite');
    await Promise.all([
      tx.objectStore(RUNS).put(record),
      files ? tx.objectStore(MODELS).put(files, record.id) : Promise.resolve(),
      tx.done,
    ]);
  }

  async rename(id: string, label: string): Promise<void> {
    const tx = (await this.db).transaction(RUNS, 'readwrite');
    const record = await tx.store.get(id);
    if (!record) throw new Error(`No run "${id}"`);
    const trimmed = label.trim();
    await tx.store.put({ ...migrateRunRecord(record), label: trimmed || undefined });
    await tx.done;
  }

  async modelFiles(id: string): Promise<ModelFiles | undefined> {
    return (await this.db).get(MODELS, id);
  }

  async delete(id: string): Promise<void> {
    const tx = (await this.db).transaction([RUNS, MODELS], 'readwrite');
    await Promise.all([tx.objectStore(RUNS).delete(id), tx.objectStore(MODELS).delete(id), tx.done]);
  }
}
