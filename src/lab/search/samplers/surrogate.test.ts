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

  it('is deterministic for a seed', () => {
    const x = [[0], [1], [2], [3]];
    const y = [3, 1, 4, 1];
    const a = new RandomForest().fit(x, y, createRng(9)).predict([1.5]);
    const b = new RandomForest().fit(x, y, createRng(9)).predict([1.5]);
    expect(a).toEqual(b);
  });
});
