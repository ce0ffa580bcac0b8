import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetManifest, Shard } from '../data/types';
import type { DatasetStore, DatasetWriter } from './types';
import { GuardedWriter, type WriteTarget } from './guarded-writer';
import { decodeShard, encodeShard } from './shard-codec';

/**
 * The CLI's dataset store: one directory per dataset under `root`,
 *
 *   <root>/<id>/shard-00000.bin …   (shard codec)
 *   <root>/<id>/manifest.json       (written last, atomically: its presence marks completeness)
 *
 * Node only: never import this from code the browser bundle or the Worker loads.
 */
export class FsDatasetStore implements DatasetStore, WriteTarget {
  /** Ids being written through this instance; sweepIncomplete leaves them alone. */
  private readonly active = new Set<string>();

  constructor(readonly root: string) {}

  async list(): Promise<DatasetManifest[]> {
    const manifests: DatasetManifest[] = [];
    for (const id of await this.dirs()) {
      const manifest = await this.manifest(id);
      if (manifest) manifests.push(manifest);
    }
    return manifests.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async manifest(id: string): Promise<DatasetManifest | undefined> {
    try {
      return JSON.parse(await readFile(this.manifestPath(id), 'utf8')) as DatasetManifest;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async shard(id: string, index: number): Promise<Shard> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.shardPath(id, index));
    } catch (error) {
      if (isMissing(error)) throw new Error(`Dataset "${id}" has no shard ${index}`, { cause: error });
      throw error;
    }
    return decodeShard(bytes);
  }

  async create(id: string): Promise<DatasetWriter> {
    const dir = this.dir(id);
    if (this.active.has(id)) throw new Error(`Dataset "${id}" is already being written`);
    if (await this.manifest(id)) throw new Error(`Dataset "${id}" already exists`);
    // Leftovers of an earlier crashed write under the same id are cleared.
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    this.active.add(id);
    return new GuardedWriter(this, id, isDiskFull);
  }

  async delete(id: string): Promise<void> {
    // Unlist first, so a crash mid-delete leaves an incomplete write for the sweeper.
    await rm(this.manifestPath(id), { force: true });
    await rm(this.dir(id), { recursive: true, force: true });
  }

  /** Rewrites the manifest via a temp file and rename, as a commit does. */
  async rename(id: string, name: string): Promise<DatasetManifest> {
    const manifest = await this.manifest(id);
    if (!manifest) throw new Error(`No dataset with id "${id}"`);
    const renamed = { ...manifest, name };
    await this.replaceManifest(renamed);
    return renamed;
  }

  /** Deletes directories without a manifest, except writes open in this instance. */
  async sweepIncomplete(): Promise<number> {
    let swept = 0;
    for (const id of await this.dirs()) {
      if (this.active.has(id) || (await this.manifest(id))) continue;
      await rm(this.dir(id), { recursive: true, force: true });
      swept++;
    }
    return swept;
  }

  /** @internal */
  async writeShard(id: string, shard: Shard): Promise<void> {
    await writeFile(this.shardPath(id, shard.index), encodeShard(shard));
  }

  /** @internal Checks the shards, then writes the manifest via a temp file and rename. */
  async writeManifest(manifest: DatasetManifest): Promise<void> {
    const { id, nShards } = manifest;
    const names = await readdir(this.dir(id)).catch((error) => {
      if (isMissing(error)) throw new Error(`Cannot commit "${id}": its write was aborted or swept`);
      throw error;
    });
    const written = names.filter((name) => /^shard-\d+\.bin$/.test(name)).length;
    if (written !== nShards) {
      throw new Error(`Cannot commit "${id}": ${written} shards written but the manifest says ${nShards}`);
    }
    await this.replaceManifest(manifest);
  }

  private async replaceManifest(manifest: DatasetManifest): Promise<void> {
    const temp = `${this.manifestPath(manifest.id)}.tmp-${process.pid}-${Date.now()}`;
    await writeFile(temp, JSON.stringify(manifest, null, 1));
    await rename(temp, this.manifestPath(manifest.id));
  }

  /** @internal */
  async discard(id: string): Promise<void> {
    await rm(this.dir(id), { recursive: true, force: true });
  }

  /** @internal */
  release(id: string): void {
    this.active.delete(id);
  }

  private async dirs(): Promise<string[]> {
    try {
      const entries = await readdir(this.root, { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && isSafeId(e.name)).map((e) => e.name);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  private dir(id: string): string {
    if (!isSafeId(id))
      throw new Error(`Dataset id "${id}" is not a safe directory name (use letters, digits, . _ -)`);
    return join(this.root, id);
  }

  private manifestPath(id: string): string {
    return join(this.dir(id), 'manifest.json');
  }

  private shardPath(id: string, index: number): string {
    return join(this.dir(id), `shard-${String(index).padStart(5, '0')}.bin`);
  }
}

function isSafeId(id: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(id) && id !== '.' && id !== '..';
}

function isMissing(error: unknown): boolean {
  return (error as { code?: string })?.code === 'ENOENT';
}

function isDiskFull(error: unknown): boolean {
  return (error as { code?: string })?.code === 'ENOSPC';
}
