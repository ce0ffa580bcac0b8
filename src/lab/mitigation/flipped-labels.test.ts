import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { flippedLabels, majorityGroupOf } from './flipped-labels';

// Identities 0–5 are group 0 (majority), 6–8 group 1.
const identityGroup = [0, 0, 0, 0, 0, 0, 1, 1, 1];

function batch(rng: ReturnType<typeof createRng>, size: number) {
  const labels = Int32Array.from({ length: size }, () => rng.int(identityGroup.length));
  return { labels, groups: Int32Array.from(labels, (id) => identityGroup[id]) };
}

describe('flippedLabels (FR-NAS baseline)', () => {
  it('flips ⌊fraction · m⌋ majority labels per batch to another identity of the majority group', () => {
    const rng = createRng(3);
    let flipped = 0;
    let majority = 0;
    for (let b = 0; b < 50; b++) {
      const { labels, groups } = batch(rng, 64);
      const m = groups.filter((g) => g === 0).length;
      const out = flippedLabels({ labels, groups, identityGroup, majorityGroup: 0, rng });
      const changed = labels.reduce((n, l, i) => n + (out.labels[i] !== l ? 1 : 0), 0);
      expect(changed).toBe(Math.floor(0.3 * m));
      expect(out.flipped).toHaveLength(changed);
      for (let i = 0; i < labels.length; i++) {
        if (groups[i] !== 0) expect(out.labels[i]).toBe(labels[i]);
        else if (out.labels[i] !== labels[i]) expect(identityGroup[out.labels[i]]).toBe(0);
      }
      flipped += changed;
      majority += m;
    }
    // The floor loses less than one flip per batch.
    expect(flipped / majority).toBeLessThanOrEqual(0.3);
    expect(flipped / majority).toBeGreaterThan(0.3 - 50 / majority);
  });

  it('draws every other identity of the group about equally often', () => {
    const labels = new Int32Array(2000).fill(2);
    const groups = new Int32Array(2000);
    const out = flippedLabels({
      labels,
      groups,
      identityGroup,
      majorityGroup: 0,
      fraction: 1,
      rng: createRng(4),
    });
    const counts = [0, 0, 0, 0, 0, 0];
    for (const l of out.labels) counts[l]++;
    expect(counts[2]).toBe(0);
    for (const id of [0, 1, 3, 4, 5]) expect(counts[id]).toBeGreaterThan(330);
  });

  it('is seeded, takes the fraction, and picks the largest group as majority', () => {
    const { labels, groups } = batch(createRng(5), 32);
    const run = (seed: number, fraction?: number) =>
      Array.from(
        flippedLabels({ labels, groups, identityGroup, majorityGroup: 0, fraction, rng: createRng(seed) })
          .labels,
      );
    expect(run(1)).toEqual(run(1));
    expect(run(0, 0)).toEqual(Array.from(labels));
    expect(majorityGroupOf(groups)).toBe(0);
    expect(() =>
      flippedLabels({
        labels: [6, 6],
        groups: [1, 1],
        identityGroup: [0, 0, 0, 0, 0, 0, 1],
        majorityGroup: 1,
        fraction: 1,
        rng: createRng(1),
      }),
    ).toThrow(/has 1 identity/);
  });
});
