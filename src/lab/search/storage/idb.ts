/**
 * Storage in IndexedDB (the browser): operations in an auto-incremented object store (the
 * journal), checkpoints in another, each operation and its checkpoint in one transaction, so a
 * reload between two operations loses nothing that was acknowledged.
 */
import { wrap, type IDBPDatabase } from 'idb';
import type { Checkpoint } from '../runner';
import type { StorageOp } from './ops';
import { DEFAULT_CHECKPOINT_CAP, OpStorage } from './storage';

const OPS = 'ops';
const CHECKPOINTS = 'checkpoints';

export class IdbStorage extends OpStorage {
  readonly skipped: string[] = [];

  private constructor(
    private readonly db: IDBPDatabase,
    checkpointCap: number,
  ) {
    super(checkpointCap);
  }

  static async open(
    options: { factory?: IDBFactory; name?: string; checkpointCap?: number } = {},
  ): Promise<IdbStorage> {
    const request = (options.factory ?? globalThis.indexedDB).open(options.name ?? 'fairness-lab-search', 1);
    request.addEventListener('upgradeneeded', () => {
      request.result.createObjectStore(OPS, { autoIncrement: true });
      request.result.createObjectStore(CHECKPOINTS);
    });
    const db = (await wrap(request)) as unknown as IDBPDatabase;
    const storage = new IdbStorage(db, options.checkpointCap ?? DEFAULT_CHECKPOINT_CAP);
    const ops = (await db.getAll(OPS)) as StorageOp[];
    storage.replay(ops, (op, why) => storage.skipped.push(`${op.op}: ${why}`));
    return storage;
  }

  protected async persist(op: StorageOp, checkpoint?: Checkpoint): Promise<void> {
    const id = 'number' in op ? `${op.study}#${op.number}` : '';
    const tx = this.db.transaction([OPS, CHECKPOINTS], 'readwrite');
    const writes: Promise<unknown>[] = [tx.objectStore(OPS).add(op)];
    if (op.op === 'checkpoint' && checkpoint) writes.push(tx.objectStore(CHECKPOINTS).put(checkpoint, id));
    if (op.op === 'evict') writes.push(tx.objectStore(CHECKPOINTS).delete(id));
    if (op.op === 'delete_study')
      for (const c of op.checkpoints) writes.push(tx.objectStore(CHECKPOINTS).delete(c));
    await Promise.all([...writes, tx.done]);
  }

  protected async readCheckpoint(id: string): Promise<Checkpoint | undefined> {
    const bytes = (await this.db.get(CHECKPOINTS, id)) as Uint8Array | undefined;
    return bytes && new Uint8Array(bytes);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
