import { inflateSync, strFromU8 } from 'fflate';
import { normalizePath, type FileSource } from './file-source';

interface ZipEntry {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * A zip archive's bytes as a FileSource. The central directory is read once; each read
 * inflates only its own entry (fflate), so 200k-file archives stay fast and lean.
 * Zip64 archives (over 4 GB) are not supported.
 */
export class ZipFileSource implements FileSource {
  readonly name: string;
  private readonly entries: Map<string, ZipEntry>;
  private readonly paths: string[];

  constructor(
    private readonly bytes: Uint8Array,
    name = 'archive.zip',
  ) {
    this.name = name.replace(/\.zip$/i, '');
    this.entries = readCentralDirectory(bytes, name);
    this.paths = [...this.entries.keys()].sort();
  }

  async list(): Promise<string[]> {
    return this.paths;
  }

  async read(path: string): Promise<Uint8Array> {
    const entry = this.entries.get(normalizePath(path));
    if (!entry) throw new Error(`No such file in ${this.name}: ${path}`);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const at = entry.localOffset;
    if (at + 30 > this.bytes.length || view.getUint32(at, true) !== 0x04034b50) {
      throw new Error(`Corrupt zip entry: ${path}`);
    }
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = this.bytes.subarray(start, start + entry.compressedSize);
    if (data.length !== entry.compressedSize) throw new Error(`Truncated zip entry: ${path}`);
    if (entry.method === 0) return data.slice();
    if (entry.method === 8) return inflateSync(data, { out: new Uint8Array(entry.size) });
    throw new Error(`Unsupported zip compression method ${entry.method} for ${path}`);
  }
}

function readCentralDirectory(bytes: Uint8Array, name: string): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End-of-central-directory record: within the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${name} is not a zip archive (no central directory)`);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (cdOffset === 0xffffffff) throw new Error(`${name} is a Zip64 archive, which is not supported`);
  const entries = new Map<string, ZipEntry>();
  // Walk entries up to the EOCD rather than trusting the 16-bit count (it wraps past 65,535).
  for (let pos = cdOffset; pos + 46 <= eocd && view.getUint32(pos, true) === 0x02014b50;) {
    const flags = view.getUint16(pos + 8, true);
    const nameLength = view.getUint16(pos + 28, true);
    const rawName = bytes.subarray(pos + 46, pos + 46 + nameLength);
    const path = normalizePath(strFromU8(rawName, (flags & 0x800) === 0));
    const isDirectory = rawName[rawName.length - 1] === 0x2f; // 'name/' entries are folders
    if (!isDirectory && path) {
      entries.set(path, {
        method: view.getUint16(pos + 10, true),
        compressedSize: view.getUint32(pos + 20, true),
        size: view.getUint32(pos + 24, true),
        localOffset: view.getUint32(pos + 42, true),
      });
    }
    pos += 46 + nameLength + view.getUint16(pos + 30, true) + view.getUint16(pos + 32, true);
  }
  return entries;
}
