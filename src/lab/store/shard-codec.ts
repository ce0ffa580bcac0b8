import type { Shard } from '../data/types';

/**
 * A compact binary container for one shard, used by the file store and by bundles.
 *
 *   'FLSH' | u32 LE header length | header JSON (UTF-8) | padding to 8 | field bytes…
 *
 * The header lists each typed-array field with its byte offset (relative to the data start,
 * 8-aligned) and element count, plus the shard index, n and optional file names.
 * Typed arrays are stored in the host byte order, which is little-endian on every platform
 * the lab runs on (checked below).
 */

const MAGIC = [0x46, 0x4c, 0x53, 0x48]; // 'FLSH'
const CODEC_VERSION = 1;
const ALIGN = 8;

type FieldKind = 'pixels' | 'split' | 'categorical' | 'numeric';
type Dtype = 'uint8' | 'int32' | 'float32';

interface FieldEntry {
  kind: FieldKind;
  /** Attribute name for categorical and numeric fields. */
  name?: string;
  dtype: Dtype;
  offset: number;
  length: number;
}

interface ShardHeader {
  v: number;
  index: number;
  n: number;
  fields: FieldEntry[];
  files?: string[];
}

const BYTES_PER: Record<Dtype, number> = { uint8: 1, int32: 4, float32: 4 };

export function encodeShard(shard: Shard): Uint8Array {
  assertLittleEndian();
  const arrays: ArrayBufferView[] = [];
  const fields: FieldEntry[] = [];
  let offset = 0;
  let end = 0;
  const add = (
    kind: FieldKind,
    dtype: Dtype,
    array: Uint8Array | Int32Array | Float32Array,
    name?: string,
  ) => {
    fields.push({ kind, name, dtype, offset, length: array.length });
    arrays.push(array);
    end = offset + array.byteLength;
    offset = alignUp(end);
  };
  add('pixels', 'uint8', shard.pixels);
  add('split', 'uint8', shard.split);
  for (const [name, values] of Object.entries(shard.categorical)) add('categorical', 'int32', values, name);
  for (const [name, values] of Object.entries(shard.numeric)) add('numeric', 'float32', values, name);

  const header: ShardHeader = { v: CODEC_VERSION, index: shard.index, n: shard.n, fields };
  if (shard.files) header.files = shard.files;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = alignUp(8 + json.length);
  const out = new Uint8Array(dataStart + end);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  fields.forEach((field, i) => {
    const a = arrays[i];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), dataStart + field.offset);
  });
  return out;
}

/**
 * Decodes a shard. Fields are zero-copy views into `bytes` when aligned, copies otherwise.
 * Throws a clear error on foreign or truncated data.
 */
export function decodeShard(bytes: Uint8Array): Shard {
  assertLittleEndian();
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('Not a Fairness Lab shard');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new Error('Shard data is truncated (header)');
  let header: ShardHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as ShardHeader;
  } catch {
    throw new Error('Shard header is corrupt');
  }
  if (header.v !== CODEC_VERSION) throw new Error(`Shard format version ${header.v} not supported`);
  const dataStart = alignUp(8 + headerLength);
  const shard: Shard = {
    index: header.index,
    n: header.n,
    pixels: new Uint8Array(0),
    split: new Uint8Array(0),
    categorical: {},
    numeric: {},
  };
  for (const field of header.fields) {
    const start = dataStart + field.offset;
    const end = start + field.length * BYTES_PER[field.dtype];
    if (end > bytes.length)
      throw new Error(`Shard ${header.index} is truncated (field ${field.name ?? field.kind})`);
    const array = typedView(bytes, start, field.length, field.dtype);
    if (field.kind === 'pixels') shard.pixels = array as Uint8Array;
    else if (field.kind === 'split') shard.split = array as Uint8Array;
    else if (field.kind === 'categorical') shard.categorical[field.name!] = array as Int32Array;
    else shard.numeric[field.name!] = array as Float32Array;
  }
  if (header.files) shard.files = header.files;
  return shard;
}

function typedView(bytes: Uint8Array, start: number, length: number, dtype: Dtype) {
  const at = bytes.byteOffset + start;
  // A plain Uint8Array even when `bytes` is a Node Buffer.
  if (dtype === 'uint8') return new Uint8Array(bytes.buffer as ArrayBuffer, at, length);
  const Ctor = dtype === 'int32' ? Int32Array : Float32Array;
  if (at % 4 === 0) return new Ctor(bytes.buffer as ArrayBuffer, at, length);
  return new Ctor(bytes.slice(start, start + length * 4).buffer);
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error('Shard files need a little-endian host');
  }
}
