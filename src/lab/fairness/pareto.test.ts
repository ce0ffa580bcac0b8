import { describe, expect, it } from 'vitest';
import {
  dominates,
  dominatorsOf,
  hypervolume2d,
  nonDominatedSort,
  paretoFront,
  prefixHypervolumes2d,
} from './pareto';

describe('pareto', () => {
  // (error, disparity): both minimised.
  const points = [
    [0.1, 0.5],
    [0.2, 0.2],
    [0.4, 0.1],
    [0.3, 0.3],
    [0.5, 0.5],
    [0.2, 0.2],
  ];

  it('sorts into fronts, equal points sharing one', () => {
    expect(nonDominatedSort(points, ['min', 'min'])).toEqual([[0, 1, 2, 5], [3], [4]]);
    expect(paretoFront([], ['min'])).toEqual([]);
  });

  it('respects max objectives and any number of objectives', () => {
    expect(dominates([0.9, 0.1, 3], [0.8, 0.1, 3], ['max', 'min', 'min'])).toBe(true);
    expect(dominates([0.9, 0.1, 3], [0.9, 0.1, 3], ['max', 'min', 'min'])).toBe(false);
    const acc = points.map(([e, d]) => [1 - e, d]);
    expect(nonDominatedSort(acc, ['max', 'min'])).toEqual(nonDominatedSort(points, ['min', 'min']));
  });

  it('computes the exact 2-D hypervolume', () => {
    // Staircase of (0.1,0.5), (0.2,0.2), (0.4,0.1) against (1, 1).
    const expected = 0.9 * 0.5 + 0.8 * 0.3 + 0.6 * 0.1;
    expect(hypervolume2d(points, [1, 1])).toBeCloseTo(expected, 15);
    const acc = points.map(([e, d]) => [1 - e, d]);
    expect(hypervolume2d(acc, [0, 1], ['max', 'min'])).toBeCloseTo(expected, 15);
    expect(hypervolume2d([[2, 2]], [1, 1])).toBe(0);
  });

  it('finds the points that dominate a baseline', () => {
    expect(dominatorsOf(points, [0.3, 0.3], ['min', 'min'])).toEqual([1, 5]);
    expect(() => dominatorsOf([[NaN, 1]], [0, 0], ['min', 'min'])).toThrow(/finite/);
  });

  it('gives the hypervolume after each point, skipping nulls', () => {
    expect(prefixHypervolumes2d([[0.5, 0.5], null, [0.2, 0.9], [0.6, 0.6], [0.1, 0.1]], [1, 1])).toEqual([
      0.25,
      0.25,
      0.25 + 0.3 * 0.1,
      0.25 + 0.3 * 0.1,
      0.81,
    ]);
  });
});
