import { describe, expect, it } from 'vitest';
import {
  constrainedDominates,
  crowdingDistance,
  dominatesMin,
  fastNonDominatedSort,
  selectElitePopulation,
  type Individual,
} from './nsga2-selection';

const ind = (number: number, values: number[], constraints?: number[]): Individual => ({
  number,
  values,
  constraints,
});

// A hand-made population of 7 (both objectives minimised):
//   rank 0: 0 (1,5), 1 (2,3), 2 (4,1)      rank 1: 3 (3,4), 4 (5,2), 5 (2,6)      rank 2: 6 (6,6)
const population = [
  ind(0, [1, 5]),
  ind(1, [2, 3]),
  ind(2, [4, 1]),
  ind(3, [3, 4]),
  ind(4, [5, 2]),
  ind(5, [2, 6]),
  ind(6, [6, 6]),
];

describe("NSGA-II selection (Optuna 3.1's)", () => {
  it('sorts into ranks, in the order of its swap-and-pop loop', () => {
    const ranks = fastNonDominatedSort(population, dominatesMin).map((r) => r.map((p) => p.number));
    // Optuna pops the last element into the taken one's slot: [0,1,2,…] → takes 0 (6 moves in) …
    expect(ranks.map((r) => [...r].sort())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(ranks[0]).toEqual([0, 1, 2]);
    expect(ranks[1]).toEqual([5, 3, 4]);
  });

  it("computes Optuna's crowding distance by hand", () => {
    // Rank 1: 5 (2,6), 3 (3,4), 4 (5,2). f1 sorted 5,3,4: gaps ∞, (5−2)/3 = 1, ∞.
    // f2 sorted 4,3,5: ∞, (6−2)/4 = 1, ∞.
    const d = crowdingDistance([ind(5, [2, 6]), ind(3, [3, 4]), ind(4, [5, 2])]);
    expect(d.get(3)).toBeCloseTo(2, 15);
    expect(d.get(5)).toBe(Infinity);
    expect(d.get(4)).toBe(Infinity);
  });

  it('keeps whole ranks and cuts the overflowing one by crowding distance', () => {
    // Size 5: rank 0 (3) fits, rank 1 overflows by one. Its last per-objective sort leaves 4, 3, 5;
    // by distance (stable) 3 (2), 4 (∞), 5 (∞); reversed 5, 4, 3: 3 goes. Optuna 3.1's
    // `_select_elite_population` on the same trials returns [0, 1, 2, 5, 4] and, for size 3, [0, 2, 1].
    expect(selectElitePopulation(population, 5, dominatesMin).map((p) => p.number)).toEqual([0, 1, 2, 5, 4]);
    expect(selectElitePopulation(population, 3, dominatesMin).map((p) => p.number)).toEqual([0, 2, 1]);
  });

  it('uses constrained domination: feasible first, then smaller violation', () => {
    const feasible = ind(0, [9, 9], [0]);
    const slightly = ind(1, [0, 0], [0.5]);
    const badly = ind(2, [0, 0], [2, 1]);
    expect(constrainedDominates(feasible, slightly)).toBe(true);
    expect(constrainedDominates(slightly, feasible)).toBe(false);
    expect(constrainedDominates(slightly, ind(2, [0, 0], [2]))).toBe(true);
    expect(constrainedDominates(ind(3, [1, 1], [-1]), ind(4, [2, 2], [0]))).toBe(true);
    expect(constrainedDominates(badly, slightly)).toBe(false);
    const elite = selectElitePopulation([badly, slightly, feasible], 2, constrainedDominates).map(
      (p) => p.number,
    );
    expect(elite).toEqual([0, 1]);
  });
});
