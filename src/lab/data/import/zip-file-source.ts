import {
  BlobReader,
  Reader,
  Uint8ArrayReader,
  Uint8ArrayWriter,
  ZipReader,
  configure,
  type Entry,
  type FileEntry,
} from '@zip.js/zip.js/lib/zip-core-native.js';
import { baseName, normalizePath, type FileSource } from './file-source';

// Inflate on this thread (with the platform's DecompressionStream where there is one): the lab
// already runs in a Worker, and Node has no Web Workers for zip.js to start.
configure({ useWebWorkers: false });

/** Entries kept behind the cursor, so a batch of concurrent reads in near order needs no rescan. */
const WINDOW = 256;

/**
 * A zip archive (a Blob such as a picked File, a zip.js Reader such as Node's file-handle reader,
 * or bytes) as a FileSource, read with zip.js, which handles Zip64 (CelebA's 202,599-entry
 * `img_align_celeba.zip`).
 *
 * Memory stays flat: zip.js keeps ~8 kB per entry object (measured), 1.6 GB for CelebA, so the
 * source keeps only the entry names and walks the central directory with zip.js's entry
 * generator, one entry at a time, reading each entry's data from the Blob when asked. Reads in
 * `readOrder` (the archive's order) take one pass; a read behind the cursor starts a new pass.
 */
export class ZipFileSource implements FileSource {
  readonly name: string;
  private readonly reader: ZipReader<unknown>;
  private readonly input: { close?(): Promise<void> };
  private index?: Promise<ArchiveIndex>;
  /** Path → central-directory position, once listed (readOrder is synchronous). */
  private ordinals?: Map<string, number>;
  private readonly cursor: EntryCursor;

  /** `archive`: the bytes, a Blob (a picked File, Node's openAsBlob) or any zip.js Reader. */
  constructor(
    archive: Blob | Uint8Array | Reader<unknown>,
    private readonly fileName = 'archive.zip',
  ) {
    this.name = baseName(fileName).replace(/\.zip$/i, '');
    const input =
      archive instanceof Uint8Array
        ? new Uint8ArrayReader(archive)
        : archive instanceof Blob
          ? new BlobReader(archive)
          : archive;
    this.input = input as { close?(): Promise<void> };
    this.reader = new ZipReader(input);
    this.cursor = new EntryCursor(this.reader);
  }

  async list(): Promise<string[]> {
    return (await this.opened()).paths;
  }

  async read(path: string): Promise<Uint8Array> {
    const entry = await this.entry(path);
    try {
      return await entry.getData(new Uint8ArrayWriter(), { checkSignature: true });
    } catch (error) {
      throw zipError(`${this.fileName}: cannot read ${path}`, error);
    }
  }

  async stream(path: string): Promise<ReadableStream<Uint8Array>> {
    const entry = await this.entry(path);
    const pipe = new TransformStream<Uint8Array, Uint8Array>();
    entry.getData(pipe.writable, { checkSignature: true }).catch(() => {
      // The error reaches the reader through the aborted stream.
    });
    return pipe.readable;
  }

  async close(): Promise<void> {
    await this.input.close?.();
  }

  readOrder(paths: readonly string[]): string[] {
    const ordinals = this.ordinals;
    if (!ordinals) return [...paths];
    const at = (p: string) => ordinals.get(normalizePath(p)) ?? Infinity;
    return [...paths].sort((a, b) => at(a) - at(b));
  }

  private opened(): Promise<ArchiveIndex> {
    this.index ??= readIndex(this.reader, this.fileName).then((index) => {
      this.ordinals = index.ordinals;
      return index;
    });
    return this.index;
  }

  private async entry(path: string): Promise<FileEntry> {
    const { ordinals } = await this.opened();
    const ordinal = ordinals.get(normalizePath(path));
    if (ordinal === undefined) throw new Error(`No such file in ${this.name}: ${path}`);
    const entry = await this.cursor.at(ordinal);
    if (entry.directory) throw new Error(`${path} is a folder in ${this.fileName}`);
    if (entry.encrypted)
      throw new Error(`${path} is encrypted in ${this.fileName}; encrypted zips are not supported`);
    return entry;
  }
}

interface ArchiveIndex {
  /** File paths, sorted. */
  paths: string[];
  /** Path → position in the central directory. */
  ordinals: Map<string, number>;
}

/** One pass over the central directory, keeping names only. */
async function readIndex(reader: ZipReader<unknown>, fileName: string): Promise<ArchiveIndex> {
  const ordinals = new Map<string, number>();
  let ordinal = 0;
  try {
    for await (const entry of reader.getEntriesGenerator()) {
      const path = normalizePath(entry.filename);
      if (!entry.directory && path && !ordinals.has(path)) ordinals.set(path, ordinal);
      ordinal++;
    }
  } catch (error) {
    throw zipError(`${fileName} is not a readable zip archive`, error);
  }
  return { paths: [...ordinals.keys()].sort(), ordinals };
}

/**
 * Walks zip.js's entry generator forward, keeping the last WINDOW entries; a request behind that
 * window starts a fresh pass. Requests are served one at a time.
 */
class EntryCursor {
  private generator?: AsyncGenerator<Entry, boolean>;
  private next = 0;
  private readonly recent = new Map<number, Entry>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly reader: ZipReader<unknown>) {}

  at(ordinal: number): Promise<FileEntry> {
    const result = this.queue.then(() => this.advanceTo(ordinal));
    this.queue = result.catch(() => {});
    return result as Promise<FileEntry>;
  }

  private async advanceTo(ordinal: number): Promise<Entry> {
    const kept = this.recent.get(ordinal);
    if (kept) return kept;
    if (!this.generator || ordinal < this.next) {
      void this.generator?.return(true);
      this.generator = this.reader.getEntriesGenerator();
      this.next = 0;
      this.recent.clear();
    }
    for (;;) {
      const step = await this.generator.next();
      if (step.done) throw new Error(`zip entry ${ordinal} not found (the archive changed?)`);
      const at = this.next++;
      this.recent.set(at, step.value);
      if (this.recent.size > WINDOW) this.recent.delete(at - WINDOW);
      if (at === ordinal) return step.value;
    }
  }
}

function zipError(prefix: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${prefix} (${message})`, { cause: error });
}
