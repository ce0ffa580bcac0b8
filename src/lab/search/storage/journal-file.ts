/**
 * An append-only journal file for the CLI (`--storage FILE`): one JSON operation per line,
 * appended and fsynced before the call resolves. A crash can leave a torn last line: it is
 * ignored on load and cut off before the next append, so the file stays valid. Checkpoints go
 * to `<file>.checkpoints/`, each written to a temporary file and renamed into place.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Checkpoint } from '../runner';
import type { StorageOp } from './ops';
import { DEFAULT_CHECKPOINT_CAP, OpStorage } from './storage';

export interface JournalLoad {
  ops: StorageOp[];
  /** Bytes of valid journal (everything after is a torn line). */
  validLength: number;
  tornLine: boolean;
}

/** Reads a journal: complete lines only; a last line without its newline or unparsable is torn. */
export function readJournal(text: string): JournalLoad {
  const ops: StorageOp[] = [];
  let offset = 0;
  let validLength = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end < 0) return { ops, validLength, tornLine: true };
    const line = text.slice(offset, end);
    if (line.trim()) {
      try {
        ops.push(JSON.parse(line) as StorageOp);
      } catch {
        if (end + 1 < text.length) throw new Error(`journal line ${ops.length + 1} is corrupt`);
        return { ops, validLength, tornLine: true };
      }
    }
    offset = end + 1;
    validLength = offset;
  }
  return { ops, validLength, tornLine: false };
}

export class JournalFileStorage extends OpStorage {
  private readonly dir: string;
  readonly skipped: string[] = [];
  readonly repairedTornLine: boolean;

  constructor(
    readonly path: string,
    options: { checkpointCap?: number } = {},
  ) {
    super(options.checkpointCap ?? DEFAULT_CHECKPOINT_CAP);
    this.dir = `${path}.checkpoints`;
    let repaired = false;
    if (existsSync(path)) {
      const buffer = readFileSync(path);
      const load = readJournal(buffer.toString('utf8'));
      this.replay(load.ops, (op, why) => this.skipped.push(`${op.op}: ${why}`));
      if (load.tornLine) {
        truncateSync(path, Buffer.byteLength(buffer.toString('utf8').slice(0, load.validLength)));
        repaired = true;
      }
    }
    this.repairedTornLine = repaired;
  }

  private file(id: string): string {
    return join(this.dir, `${encodeURIComponent(id)}.bin`);
  }

  protected persist(op: StorageOp, checkpoint?: Checkpoint): void {
    const id = 'number' in op ? `${op.study}#${op.number}` : '';
    if (op.op === 'checkpoint' && checkpoint) {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.file(id)}.tmp`;
      const fd = openSync(tmp, 'w');
      writeSync(fd, checkpoint);
      fsyncSync(fd);
      closeSync(fd);
      renameSync(tmp, this.file(id));
    }
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, `${JSON.stringify(op)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (op.op === 'evict') rmSync(this.file(id), { force: true });
    if (op.op === 'delete_study') for (const c of op.checkpoints) rmSync(this.file(c), { force: true });
  }

  protected async readCheckpoint(id: string): Promise<Checkpoint | undefined> {
    const file = this.file(id);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
  }
}
