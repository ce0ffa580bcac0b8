import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { nearestNeighbourRanks } from './ranks';

/** Brute force in float64 with the same pessimistic tie rule. */
function reference(e: Float32Array, dim: number, ids: number[]) {
  const n = ids.length;
  const unit = Array.from({ length: n }, (_, i) => {
    const row = Array.from(e.subarray(i * dim, (i + 1) * dim));
    const norm = Math.hypot(...row);
    return row.map((v) => v / norm);
  });
  const sim = (i: number, j: number) => unit[i].reduce((s, v, k) => s + v * unit[j][k], 0);
  return ids.map((id, i) => {
    const mates = ids.map((other, j) => (other === id && j !== i ? sim(i, j) : -Infinity));
    const best = Math.max(...mates);
    if (best === -Infinity) return [-1, -1];
    const before = ids.map((other, j) => other !== id && sim(i, j) >= best - 1e-6);
    return [new Set(ids.filter((_, j) => before[j])).size, before.filter(Boolean).length];
  });
}

describe('nearestNeighbourRanks', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches a brute-force ranking, in any chunk size, without leaking tensors', async () => {
    const rng = createRng(11);
    const n = 60;
    const dim = 8;
    const ids = Array.from({ length: n }, () => rng.int(12));
    const e = Float32Array.from({ length: n * dim }, () => rng.normal());
    const expected = reference(e, dim, ids);
    const before = tf.memory().numTensors;
    for (const chunkSize of [1, 7, 60, 1000]) {
      const ranks = await nearestNeighbourRanks(e, dim, ids, { chunkSize });
      expect(Array.from(ranks.rankById)).toEqual(expected.map((r) => r[0]));
      expect(Array.from(ranks.rankByImage)).toEqual(expected.map((r) => r[1]));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('counts ties as ranked before (pessimistic) and excludes singleton identities', async () => {
    // Probe 0 (id a): its mate (1) and an image of id b (2) are equally similar; 3 (id c) is alone.
    const e = Float32Array.from([1, 0, 1, 0, 1, 0, 0, 1]);
    const ranks = await nearestNeighbourRanks(e, 2, ['a', 'a', 'b', 'c']);
    expect(ranks.rankById[0]).toBe(1);
    expect(ranks.rankByImage[0]).toBe(1);
    expect(ranks.rankById[2]).toBe(-1);
    expect(ranks.rankById[3]).toBe(-1);
    expect(ranks.excluded).toBe(2);
  });

  it('ranks on normalised f(x) + f(flip(x)) when flipped embeddings are given', async () => {
    const e = Float32Array.from([1, 0, 0, 1, 0.9, 0.1, 0.1, 0.9]);
    const flipped = Float32Array.from([0, 1, 1, 0, 0.1, 0.9, 0.9, 0.1]);
    const ids = ['a', 'b', 'a', 'b'];
    const plain = await nearestNeighbourRanks(e, 2, ids);
    expect(Array.from(plain.rankById)).toEqual([0, 0, 0, 0]);
    // All four sums point the same way: every similarity ties, so each probe ranks the other identity first.
    const summed = await nearestNeighbourRanks(e, 2, ids, { flipped });
    expect(Array.from(summed.rankById)).toEqual([1, 1, 1, 1]);
  });
});
