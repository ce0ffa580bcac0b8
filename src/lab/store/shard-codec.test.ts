import { describe, expect, it } from 'vitest';
import type { Shard } from '../data/types';
import { decodeShard, encodeShard } from './shard-codec';

function sampleShard(withFiles: boolean): Shard {
  const shard: Shard = {
    index: 7,
    n: 3,
    pixels: Uint8Array.from({ length: 3 * 2 * 2 * 3 }, (_, i) => (i * 37) & 255),
    split: Uint8Array.from([0, 1, 2]),
    categorical: { expression: Int32Array.from([2, -1, 0]), 'skin tone': Int32Array.from([5, 4, 3]) },
    numeric: { age: Float32Array.from([31.5, NaN, 7]) },
  };
  if (withFiles) shard.files = ['a/1.png', 'b/ü 2.jpg', 'c.png'];
  return shard;
}

describe('shard codec', () => {
  it('round-trips every field type', () => {
    for (const withFiles of [false, true]) {
      const shard = sampleShard(withFiles);
      const decoded = decodeShard(encodeShard(shard));
      expect(decoded).toEqual(shard);
      expect(decoded.categorical.expression).toBeInstanceOf(Int32Array);
      expect(decoded.numeric.age).toBeInstanceOf(Float32Array);
      expect(Number.isNaN(decoded.numeric.age[1])).toBe(true);
    }
  });

  it('decodes from an unaligned offset inside a larger buffer', () => {
    const bytes = encodeShard(sampleShard(true));
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(decodeShard(padded.subarray(3))).toEqual(sampleShard(true));
  });

  it('encodes views into larger buffers correctly', () => {
    const big = new Int32Array([9, 9, 1, 2, 3, 9]);
    const shard = { ...sampleShard(false), categorical: { expression: big.subarray(2, 5) } };
    expect(decodeShard(encodeShard(shard)).categorical.expression).toEqual(Int32Array.from([1, 2, 3]));
  });

  it('rejects foreign and truncated data with clear errors', () => {
    const bytes = encodeShard(sampleShard(false));
    expect(() => decodeShard(new Uint8Array(20))).toThrow(/Not a Fairness Lab shard/);
    expect(() => decodeShard(bytes.subarray(0, 12))).toThrow(/truncated/);
    expect(() => decodeShard(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
  });
});
