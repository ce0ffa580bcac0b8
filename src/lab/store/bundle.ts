import { etaTracker, silentJob, throwIfCancelled, type JobContext } from '../jobs/job';
import type { DatasetManifest } from '../data/types';
import type { DatasetStore } from './types';
import { ByteReader } from './byte-reader';
import { checkShard } from './shard-check';
import { crc32 } from './crc32';
import { decodeShard, encodeShard } from './shard-codec';

/**
 * One-file datasets for passing around offline (workshops, USB sticks):
 *
 *   'FLBUNDLE' | u32 version | u32 manifest length | manifest JSON
 *   per shard, in index order: u32 length | u32 CRC-32 | shard codec bytes
 *   'FLBUNEND'
 *
 * All integers little-endian. Written and read shard by shard, so neither side needs the
 * whole dataset in memory when used with the chunk/stream variants.
 */

export const BUNDLE_VERSION = 1;
export const BUNDLE_EXTENSION = '.flab';
const MAGIC = 'FLBUNDLE';
const END = 'FLBUNEND';

export interface ImportOptions {
  /** Import under this id (e.g. when the id already exists here). */
  newId?: string;
  newName?: string;
}

/** The bundle as a sequence of chunks (header, then one per shard): feed it to a Blob or a file. */
export async function* exportBundleChunks(
  store: DatasetStore,
  id: string,
  job: JobContext = silentJob(),
): AsyncGenerator<Uint8Array> {
  const manifest = await store.manifest(id);
  if (!manifest) throw new Error(`No dataset "${id}" to export`);
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const header = new Uint8Array(16 + json.length);
  header.set(ascii(MAGIC), 0);
  const view = new DataView(header.buffer);
  view.setUint32(8, BUNDLE_VERSION, true);
  view.setUint32(12, json.length, true);
  header.set(json, 16);
  yield header;
  const eta = etaTracker();
  for (let i = 0; i < manifest.nShards; i++) {
    throwIfCancelled(job.signal);
    const body = encodeShard(await store.shard(id, i));
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setUint32(0, body.length, true);
    new DataView(prefix.buffer).setUint32(4, crc32(body), true);
    yield prefix;
    yield body;
    job.report({
      phase: 'export',
      done: i + 1,
      total: manifest.nShards,
      etaSeconds: eta(i + 1, manifest.nShards),
    });
  }
  yield ascii(END);
}

/** The whole bundle in one array (fine up to a few hundred MB; use exportBundleChunks beyond). */
export async function exportBundle(store: DatasetStore, id: string, job?: JobContext): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of exportBundleChunks(store, id, job)) chunks.push(chunk);
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Reads a bundle (bytes, or a stream of chunks such as `file.stream()`) and writes it through
 * create/putShard/commit, so a damaged file or a cancel leaves nothing listed.
 */
export async function importBundle(
  store: DatasetStore,
  source: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  job: JobContext = silentJob(),
  options: ImportOptions = {},
): Promise<DatasetManifest> {
  const reader = new ByteReader(source);
  const manifest = await readHeader(reader);
  if (options.newId) manifest.id = options.newId;
  if (options.newName) manifest.name = options.newName;
  if (await store.manifest(manifest.id)) {
    throw new Error(`Dataset "${manifest.id}" already exists here; import it under a new id`);
  }
  const writer = await store.create(manifest.id);
  try {
    const eta = etaTracker();
    let images = 0;
    for (let i = 0; i < manifest.nShards; i++) {
      throwIfCancelled(job.signal);
      const prefix = await reader.read(8);
      if (!prefix) throw truncated(`after ${i} of ${manifest.nShards} shards`);
      const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
      const body = await reader.read(view.getUint32(0, true));
      if (!body) throw truncated(`inside shard ${i} of ${manifest.nShards}`);
      if (crc32(body) !== view.getUint32(4, true))
        throw new Error(`Bundle is corrupt: shard ${i} fails its checksum`);
      const shard = decodeShard(body);
      checkShard(shard, manifest, i);
      images += shard.n;
      await writer.putShard(shard);
      job.report({
        phase: 'import',
        done: i + 1,
        total: manifest.nShards,
        etaSeconds: eta(i + 1, manifest.nShards),
      });
    }
    const end = await reader.read(END.length);
    if (!end) throw truncated('before its end marker');
    if (new TextDecoder().decode(end) !== END) throw new Error('Bundle is corrupt: bad end marker');
    if (!(await reader.atEnd())) throw new Error('Bundle is corrupt: unexpected data after its end');
    if (images !== manifest.nImages) {
      throw new Error(
        `Bundle is corrupt: ${images} images in shards but the manifest says ${manifest.nImages}`,
      );
    }
    await writer.commit(manifest);
    return manifest;
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

async function readHeader(reader: ByteReader): Promise<DatasetManifest> {
  const head = await reader.read(16);
  if (!head || new TextDecoder().decode(head.subarray(0, 8)) !== MAGIC) {
    throw new Error('This is not a Fairness Lab bundle');
  }
  const view = new DataView(head.buffer, head.byteOffset, 16);
  const version = view.getUint32(8, true);
  if (version !== BUNDLE_VERSION) {
    throw new Error(`Bundle version ${version} is not supported (this lab reads version ${BUNDLE_VERSION})`);
  }
  const json = await reader.read(view.getUint32(12, true));
  if (!json) throw truncated('inside its manifest');
  let manifest: DatasetManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(json)) as DatasetManifest;
  } catch {
    throw new Error('Bundle is corrupt: its manifest is not valid JSON');
  }
  checkManifest(manifest);
  return manifest;
}

function checkManifest(m: DatasetManifest): void {
  const ok =
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'string' &&
    typeof m.name === 'string' &&
    Number.isInteger(m.image?.size) &&
    (m.image?.channels === 1 || m.image?.channels === 3) &&
    Number.isInteger(m.nShards) &&
    m.nShards >= 0 &&
    Number.isInteger(m.nImages) &&
    Number.isInteger(m.shardSize) &&
    Array.isArray(m.categorical) &&
    Array.isArray(m.numeric);
  if (!ok) throw new Error('Bundle is corrupt: its manifest is incomplete');
}

function truncated(where: string): Error {
  return new Error(`Bundle is truncated: the file ends ${where}`);
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
