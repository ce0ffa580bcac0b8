/** Storage in memory (tests, the bench, and a tab that does not need to survive a reload). */
import type { Checkpoint } from '../runner';
import type { StorageOp } from './ops';
import { DEFAULT_CHECKPOINT_CAP, OpStorage } from './storage';

export class InMemoryStorage extends OpStorage {
  /** Every operation so far, in order (a new storage replaying them holds the same state). */
  readonly ops: StorageOp[] = [];
  private readonly bytes = new Map<string, Checkpoint>();

  constructor(options: { checkpointCap?: number; ops?: readonly StorageOp[] } = {}) {
    super(options.checkpointCap ?? DEFAULT_CHECKPOINT_CAP);
    if (options.ops) {
      this.replay(options.ops);
      this.ops.push(...options.ops);
    }
  }

  protected persist(op: StorageOp, checkpoint?: Checkpoint): void {
    this.ops.push(structuredClone(op));
    const id = 'number' in op ? `${op.study}#${op.number}` : '';
    if (op.op === 'checkpoint' && checkpoint) this.bytes.set(id, checkpoint.slice());
    if (op.op === 'evict') this.bytes.delete(id);
    if (op.op === 'delete_study') for (const c of op.checkpoints) this.bytes.delete(c);
  }

  protected async readCheckpoint(id: string): Promise<Checkpoint | undefined> {
    return this.bytes.get(id)?.slice();
  }
}
