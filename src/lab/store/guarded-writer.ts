import type { DatasetManifest, Shard } from '../data/types';
import type { DatasetWriter } from './types';
import { shardByteLength } from './shard-arrays';
import { quotaExceededError } from './quota';

/** What a store does for its writer: raw writes and clean-up. */
export interface WriteTarget {
  writeShard(id: string, shard: Shard): Promise<void>;
  writeManifest(manifest: DatasetManifest): Promise<void>;
  /** Deletes everything written under `id`. */
  discard(id: string): Promise<void>;
  /** Marks `id` as no longer being written. */
  release(id: string): void;
}

/**
 * The one writer every persistent store hands out: open → committed | aborted, never both.
 * A full disk or quota aborts the write and rethrows a clear QuotaExceededError.
 */
export class GuardedWriter implements DatasetWriter {
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(
    private readonly target: WriteTarget,
    readonly id: string,
    private readonly isFull: (error: unknown) => boolean,
  ) {}

  async putShard(shard: Shard): Promise<void> {
    this.assertOpen();
    try {
      await this.target.writeShard(this.id, shard);
    } catch (error) {
      if (!this.isFull(error)) throw error;
      await this.abort().catch(() => {});
      throw quotaExceededError(this.id, shardByteLength(shard), error);
    }
  }

  async commit(manifest: DatasetManifest): Promise<void> {
    this.assertOpen();
    if (manifest.id !== this.id)
      throw new Error(`Manifest id "${manifest.id}" does not match writer "${this.id}"`);
    await this.target.writeManifest(manifest);
    this.state = 'committed';
    this.target.release(this.id);
  }

  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    try {
      await this.target.discard(this.id);
    } finally {
      this.target.release(this.id);
    }
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`Write of "${this.id}" is already ${this.state}`);
  }
}
