import { wrap, type IDBPDatabase } from 'idb';
import type { ModelFiles } from '../models/artifacts';
import type { RunRecord, RunStore } from './types';

const RUNS = 'runs';
const MODELS = 'models';

/** Runs and their model files in IndexedDB, so the scatter survives a reload. */
export class IdbRunStore implements RunStore {
  private db: Promise<IDBPDatabase>;

  constructor(factory: IDBFactory = globalThis.indexedDB, name = 'fairness-lab-runs') {
    const request = factory.open(name, 1);
    request.addEventListener('upgradeneeded', () => {
      request.result.createObjectStore(RUNS, { keyPath: 'id' });
      request.result.createObjectStore(MODELS);
    });
    this.db = wrap(request) as unknown as Promise<IDBPDatabase>;
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
