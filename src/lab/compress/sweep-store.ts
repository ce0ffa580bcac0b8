/**
 * Sweeps and the exported model of each setting, in their own IndexedDB database, so a reload
 * keeps them. A sweep still 'running' when the store opens was cut off (the tab closed or
 * reloaded): `list()` reports it as 'interrupted', with the settings it finished.
 */
import { wrap, type IDBPDatabase } from 'idb';
import type { CompressedFiles } from './export';
import type { SweepRecord } from './sweep-types';

const SWEEPS = 'sweeps';
const MODELS = 'models';

export const SWEEP_DB = 'fairness-lab-compress';

export interface SweepStore {
  list(): Promise<SweepRecord[]>;
  get(id: string): Promise<SweepRecord | undefined>;
  put(record: SweepRecord): Promise<void>;
  putFiles(id: string, settingKey: string, files: CompressedFiles): Promise<void>;
  files(id: string, settingKey: string): Promise<CompressedFiles | undefined>;
  delete(id: string): Promise<void>;
}

const fileKey = (id: string, settingKey: string) => `${id}/${settingKey}`;

export class IdbSweepStore implements SweepStore {
  private db: Promise<IDBPDatabase>;
  /** Sweeps this instance is running: not interrupted. */
  private readonly live = new Set<string>();

  constructor(factory: IDBFactory = globalThis.indexedDB, name = SWEEP_DB) {
    const request = factory.open(name, 1);
    request.addEventListener('upgradeneeded', () => {
      request.result.createObjectStore(SWEEPS, { keyPath: 'id' });
      request.result.createObjectStore(MODELS);
    });
    this.db = wrap(request) as unknown as Promise<IDBPDatabase>;
  }

  private mark(record: SweepRecord): SweepRecord {
    return record.status === 'running' && !this.live.has(record.id)
      ? { ...record, status: 'interrupted' }
      : record;
  }

  async list(): Promise<SweepRecord[]> {
    const all = (await (await this.db).getAll(SWEEPS)) as SweepRecord[];
    return all.map((r) => this.mark(r)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(id: string): Promise<SweepRecord | undefined> {
    const record = (await (await this.db).get(SWEEPS, id)) as SweepRecord | undefined;
    return record && this.mark(record);
  }

  async put(record: SweepRecord): Promise<void> {
    if (record.status === 'running') this.live.add(record.id);
    else this.live.delete(record.id);
    await (await this.db).put(SWEEPS, record);
  }

  async putFiles(id: string, settingKey: string, files: CompressedFiles): Promise<void> {
    await (await this.db).put(MODELS, files, fileKey(id, settingKey));
  }

  async files(id: string, settingKey: string): Promise<CompressedFiles | undefined> {
    return (await this.db).get(MODELS, fileKey(id, settingKey));
  }

  async delete(id: string): Promise<void> {
    const db = await this.db;
    const tx = db.transaction([SWEEPS, MODELS], 'readwrite');
    const models = tx.objectStore(MODELS);
    const keys = (await models.getAllKeys()) as string[];
    await Promise.all([
      tx.objectStore(SWEEPS).delete(id),
      ...keys.filter((k) => k.startsWith(`${id}/`)).map((k) => models.delete(k)),
      tx.done,
    ]);
  }
}

/** The same in memory, for the CLI and tests. */
export class MemorySweepStore implements SweepStore {
  private readonly records = new Map<string, SweepRecord>();
  private readonly models = new Map<string, CompressedFiles>();
  async list() {
    return [...this.records.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  async get(id: string) {
    return this.records.get(id);
  }
  async put(record: SweepRecord) {
    this.records.set(record.id, structuredClone(record));
  }
  async putFiles(id: string, settingKey: string, files: CompressedFiles) {
    this.models.set(fileKey(id, settingKey), files);
  }
  async files(id: string, settingKey: string) {
    return this.models.get(fileKey(id, settingKey));
  }
  async delete(id: string) {
    this.records.delete(id);
    for (const k of [...this.models.keys()]) if (k.startsWith(`${id}/`)) this.models.delete(k);
  }
}
