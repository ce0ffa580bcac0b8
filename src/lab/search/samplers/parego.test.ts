import { describe, expect, it } from 'vitest';
import type { Rng } from '../../util/rng';
import { normalizeCosts, objectiveBounds, paregoCost, paregoWeights } from './parego';

const fixedRng = (draws: number[]): Rng => {
  let i = 0;
  const next = () => draws[i++];
  return {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (a, b) => a + (b - a) * next(),
    normal: next,
    pick: () => 0,
  };
};

describe("ParEGO's scalarisation (SMAC3)", () => {
  it("normalises as SMAC's normalize_costs example does, ones for a constant column", () => {
    const values = [
      [0, 0],
      [10, 50],
      [5, 200],
    ];
    const bounds = objectiveBounds(values);
    expect(values.map((v) => normalizeCosts(v, bounds))).toEqual([
      [0, 0],
      [1, 0.25],
      [0.5, 1],
    ]);
    expect(
      normalizeCosts(
        [3, 7],
        objectiveBounds([
          [3, 1],
          [3, 9],
        ]),
      ),
    ).toEqual([1, 0.75]);
  });

  it('draws θ = rand / (Σ rand + 1e-10)', () => {
    const theta = paregoWeights(fixedRng([0.25, 0.75]), 2);
    expect(theta[0]).toBeCloseTo(0.25 / (1 + 1e-10), 15);
    expect(theta[1]).toBeCloseTo(0.75 / (1 + 1e-10), 15);
  });

  it('equals max(θ·f) + ρ·Σ(θ·f) computed by hand', () => {
    // θ = (0.2, 0.8), f = (0.5, 1): θ·f = (0.1, 0.8) → 0.8 + 0.05 · 0.9 = 0.845.
    expect(paregoCost([0.5, 1], [0.2, 0.8])).toBeCloseTo(0.845, 15);
    // θ = (0.6, 0.4), f = (1, 0.25): θ·f = (0.6, 0.1) → 0.6 + 0.05 · 0.7 = 0.635.
    expect(paregoCost([1, 0.25], [0.6, 0.4])).toBeCloseTo(0.635, 15);
    // ρ = 0: the plain weighted Chebyshev distance.
    expect(paregoCost([0, 0], [0.5, 0.5], 0)).toBe(0);
    expect(paregoCost([0.4, 0.9], [0.5, 0.5], 0.1)).toBeCloseTo(0.45 + 0.1 * 0.65, 15);
  });
});
