import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng';
import { expectedImprovement, normalCdf } from './expected-improvement';
import { RandomForest } from './random-forest';

describe('expected improvement', () => {
  it('matches the closed form (scipy values)', () => {
    expect(normalCdf(-0.5)).toBeCloseTo(0.3085375387, 6);
    // μ = η, σ = 1: EI = φ(0).
    expect(expectedImprovement(0, 1, 0)).toBeCloseTo(0.3989422804, 6);
    // μ = 1, σ = 2, η = 0: −1·Φ(−0.5) + 2·φ(−0.5).
    expect(expectedImprovement(1, 4, 0)).toBeCloseTo(-0.3085375387 + 2 * 0.3520653268, 6);
    expect(expectedImprovement(1, 0, 0)).toBe(0);
  });
});

describe('random forest', () => {
  it('fits a step, predicts it, and is less sure between the data than on it', () => {
    const x = Array.from({ length: 40 }, (_, i) => [i / 39, (i * 7) % 3]);
    const y = x.map(([a]) => (a < 0.5 ? 1 : 3));
    const forest = new RandomForest().fit(x, y, createRng(3));
    expect(forest.predict([0.1, 1]).mean).toBeCloseTo(1, 1);
    expect(forest.predict([0.9, 2]).mean).toBeCloseTo(3, 1);
    expect(forest.predict([0.5, 0]).variance).toBeGreaterThan(forest.predict([0.1, 0]).variance);
  });

  it('splits a categorical feature by category, not by its index order', () => {
    // Categories 1 and 3 are good, 0, 2 and 4 bad: no single threshold on the index separates them.
    const x = Array.from({ length: 50 }, (_, i) => [i % 5]);
    const y = x.map(([c]) => (c === 1 || c === 3 ? 0 : 1));
    const forest = new RandomForest({ bootstrap: false, trees: 1, maxDepth: 1 }).fit(x, y, createRng(1), [6]);
    expect([0, 1, 2, 3, 4].map((c) => forest.predict([c]).mean)).toEqual([1, 0, 1, 0, 1]);
    const numeric = new RandomForest({ bootstrap: false, trees: 1, maxDepth: 1 }).fit(x, y, createRng(1));
    expect([0, 1, 2, 3, 4].map((c) => forest.predict([c]).mean)).not.toEqual(
      [0, 1, 2, 3, 4].map((c) => numeric.predict([c]).mean),
    );
  });

  it('is deterministic for a seed', () => {
    const x = [[0], [1], [2], [3]];
    const y = [3, 1, 4, 1];
    const a = new RandomForest().fit(x, y, createRng(9)).predict([1.5]);
    const b = new RandomForest().fit(x, y, createRng(9)).predict([1.5]);
    expect(a).toEqual(b);
  });
});
