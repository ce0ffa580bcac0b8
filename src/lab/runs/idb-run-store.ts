import { openDB, type IDBPDatabase } from 'idb';
import type { ModelFiles } from '../models/artifacts';
import type { RunRecord, RunStore } from './types';

const RUNS = 'runs';
const MODELS = 'models';

/** Runs and their model files in IndexedDB, so the scatter survives a reload. */
export class IdbRunStore implements RunStore {
  private db: Promise<IDBPDatabase>;

  constructor(factory?: IDBFactory, name = 'fairness-lab-runs') {
    const open = () =>
      openDB(name, 1, {
        upgrade(db) {
          db.createObjectStore(RUNS, { keyPath: 'id' });
          db.createObjectStore(MODELS);
        },
      });
    this.db = factory ? withFactory(factory, open) : open();
  }

  async list(): Promise<RunRecord[]> {
    const runs = (await (await this.db).getAll(RUNS)) as RunRecord[];
    return runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(id: string): Promise<RunRecord | undefined> {
    return (await this.db).get(RUNS, id);
  }

  async put(record: RunRecord, files: ModelFiles): Promise<void> {
    const tx = (await this.db).transaction([RUNS, MODELS], 'readwrite');
    await Promise.all([
      tx.objectStore(RUNS).put(record),
      tx.objectStore(MODELS).put(files, record.id),
      tx.done,
    ]);
  }

  async modelFiles(id: string): Promise<ModelFiles | undefined> {
    return (await this.db).get(MODELS, id);
  }

  async delete(id: string): Promise<void> {
    const tx = (await this.db).transaction([RUNS, MODELS], 'readwrite');
    await Promise.all([tx.objectStore(RUNS).delete(id), tx.objectStore(MODELS).delete(id), tx.done]);
  }
}

/** `idb` reads the global indexedDB; tests hand in fake-indexeddb's factory. */
function withFactory<T>(factory: IDBFactory, open: () => Promise<T>): Promise<T> {
  const global = globalThis as { indexedDB?: IDBFactory };
  const previous = global.indexedDB;
  global.indexedDB = factory;
  try {
    return open();
  } finally {
    global.indexedDB = previous;
  }
}

export class MemoryRunStore implements RunStore {
  private runs = new Map<string, RunRecord>();
  private files = new Map<string, ModelFiles>();
  async list() {
    return [...this.runs.values()];
  }
  async get(id: string) {
    return this.runs.get(id);
  }
  async put(record: RunRecord, files: ModelFiles) {
    this.runs.set(record.id, record);
    this.files.set(record.id, files);
  }
  async modelFiles(id: string) {
    return this.files.get(id);
  }
  async delete(id: string) {
    this.runs.delete(id);
    this.files.delete(id);
  }
}
