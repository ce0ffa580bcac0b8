import { openDB, type IDBPDatabase } from 'idb';

/** What the lab keeps beside a study's journal: how it was made, and whether the user wants it running. */
export interface StudyMeta<C = unknown> {
  name: string;
  config: C;
  createdAt: string;
  /** 'running' until it is done or the user pauses it; a reload leaves it 'running' (interrupted). */
  wanted: 'running' | 'paused' | 'done';
}

/** The study list in IndexedDB (the journal itself is the search Storage's). */
export class StudyMetaStore<C = unknown> {
  private db: Promise<IDBPDatabase>;

  constructor(name = 'fairness-lab-studies') {
    this.db = openDB(name, 1, { upgrade: (db) => db.createObjectStore('studies', { keyPath: 'name' }) });
  }

  async list(): Promise<StudyMeta<C>[]> {
    return ((await (await this.db).getAll('studies')) as StudyMeta<C>[]).sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
  }

  async get(name: string): Promise<StudyMeta<C> | undefined> {
    return (await this.db).get('studies', name);
  }

  async put(meta: StudyMeta<C>): Promise<void> {
    await (await this.db).put('studies', meta);
  }

  async delete(name: string): Promise<void> {
    await (await this.db).delete('studies', name);
  }
}
