import type { Shard } from '../data/types';

/** Copies and sizes of a shard's typed arrays. */

type TypedArray = Uint8Array | Int32Array | Float32Array;

/** Total bytes of a shard's arrays (pixels dominate). */
export function shardByteLength(shard: Shard): number {
  let bytes = shard.pixels.byteLength + shard.split.byteLength;
  for (const a of Object.values(shard.categorical)) bytes += a.byteLength;
  for (const a of Object.values(shard.numeric)) bytes += a.byteLength;
  return bytes;
}

/** A deep copy, so later writes to the caller's buffers cannot change what was stored. */
export function copyShard(shard: Shard): Shard {
  return mapArrays(shard, (a) => a.slice() as typeof a);
}

/**
 * Copies only arrays that are views into a larger buffer. Structured clone (IndexedDB)
 * stores a view's whole underlying buffer, so a 12 KB view into a 12 MB buffer would cost 12 MB.
 */
export function compactShard(shard: Shard): Shard {
  return mapArrays(shard, (a) =>
    a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : (a.slice() as typeof a),
  );
}

function mapArrays(shard: Shard, fn: <T extends TypedArray>(a: T) => T): Shard {
  const out: Shard = {
    index: shard.index,
    n: shard.n,
    pixels: fn(shard.pixels),
    split: fn(shard.split),
    categorical: Object.fromEntries(Object.entries(shard.categorical).map(([k, v]) => [k, fn(v)])),
    numeric: Object.fromEntries(Object.entries(shard.numeric).map(([k, v]) => [k, fn(v)])),
  };
  if (shard.files) out.files = [...shard.files];
  return out;
}
