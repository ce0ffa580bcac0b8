/** Node-only: a directory on disk as a FileSource. Keep this file out of browser bundles. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { FileSource } from './file-source';

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
    const full = resolve(this.root, path);
    if (full !== this.root && !full.startsWith(this.root + sep))
      throw new Error(`Path escapes the source: ${path}`);
    const buffer = await readFile(full);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
}
