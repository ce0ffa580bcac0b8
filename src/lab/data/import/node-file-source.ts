/** Node-only: a directory on disk, or a .zip, as a FileSource. Keep this file out of browser bundles. */
import { openAsBlob } from 'node:fs';
import { open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import { Reader } from '@zip.js/zip.js/lib/zip-core-native.js';
import { basename, join, relative, resolve, sep } from 'node:path';
import { withArchives } from './archive-mount';
import type { FileSource } from './file-source';
import { ZipFileSource } from './zip-file-source';

export class NodeDirectorySource implements FileSource {
  readonly name: string;
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.name = basename(this.root);
  }

  async list(): Promise<string[]> {
    const info = await stat(this.root).catch(() => undefined);
    if (!info?.isDirectory()) throw new Error(`Not a directory: ${this.root}`);
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .sort();
  }

  async read(path: string): Promise<Uint8Array> {
    const buffer = await readFile(this.resolve(path));
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  async stream(path: string): Promise<ReadableStream<Uint8Array>> {
    return (await this.blob(path)).stream();
  }

  /** A file-backed Blob: slices are read from disk on demand. */
  blob(path: string): Promise<Blob> {
    return openAsBlob(this.resolve(path));
  }

  resolve(path: string): string {
    const full = resolve(this.root, path);
    if (full !== this.root && !full.startsWith(this.root + sep))
      throw new Error(`Path escapes the source: ${path}`);
    return full;
  }
}

/**
 * `--path`: a folder (with any .zip inside read as if extracted next to it, e.g. CelebA's
 * Img/img_align_celeba.zip beside Anno/) or one .zip, read from disk on demand, never whole.
 * Returns undefined for anything else.
 */
export async function openPathSource(path: string): Promise<FileSource | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) {
    const folder = new NodeDirectorySource(path);
    return withArchives(folder, (zip) => openZipFile(folder.resolve(zip), zip));
  }
  if (info?.isFile() && /\.zip$/i.test(path)) return openZipFile(path, basename(path));
  return undefined;
}

/** A zip on disk, its entries read at their offsets through one file handle. */
export async function openZipFile(path: string, name: string): Promise<ZipFileSource> {
  const handle = await open(path, 'r');
  return new ZipFileSource(new FileHandleReader(handle, (await handle.stat()).size), name);
}

/**
 * zip.js's Reader (its documented extension point) over a Node file handle: positioned reads,
 * ~20% cheaper per entry than slicing `openAsBlob`'s Blob (bench, archive-import suite).
 */
class FileHandleReader extends Reader<FileHandle> {
  constructor(
    private readonly handle: FileHandle,
    size: number,
  ) {
    super(handle);
    this.size = size;
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  async readUint8Array(index: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    const { bytesRead } = await this.handle.read(out, 0, length, index);
    return bytesRead === length ? out : out.subarray(0, bytesRead);
  }
}
