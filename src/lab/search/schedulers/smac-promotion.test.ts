import { describe, expect, it } from 'vitest';
import { smacParetoFront, smacSelectBest, sortByCrowdingDistance, type RungEntry } from './smac-promotion';

const e = (number: number, ...costs: number[]): RungEntry => ({ number, costs });
const numbers = (xs: RungEntry[]) => xs.map((x) => x.number);

describe("multi-objective promotion (SMAC3's successive halving)", () => {
  it('promotes the front when it has exactly n', () => {
    const rung = [e(0, 0.1, 0.9), e(1, 0.6, 0.6), e(2, 0.5, 0.5), e(3, 0.9, 0.1)];
    expect(numbers(smacSelectBest(rung, 3))).toEqual([0, 2, 3]);
  });

  it('breaks an overfull front by crowding distance: the extremes stay', () => {
    // Front 0 (0.1,0.9), 2 (0.5,0.5), 3 (0.9,0.1): distances ∞, 1, ∞ → keep 0 and 3.
    const rung = [e(0, 0.1, 0.9), e(1, 0.6, 0.6), e(2, 0.5, 0.5), e(3, 0.9, 0.1)];
    expect(numbers(smacSelectBest(rung, 2))).toEqual([0, 3]);
  });

  it('adds the next front when the first is short, and sorts all selected by crowding (as SMAC does)', () => {
    // Front 1: A (0,1), B (0.5,0.5), C (1,0); front 2: D (1.2,0.6), E (0.6,1.2). n = 4 selects all 5,
    // and B (front 1, interior in both objectives: crowding 0.5) loses to D and E (extremes: 1e14).
    const rung = [e(0, 0, 1), e(1, 0.5, 0.5), e(2, 1, 0), e(3, 1.2, 0.6), e(4, 0.6, 1.2)];
    expect(numbers(smacSelectBest(rung, 4))).toEqual([0, 2, 3, 4]);
    expect(numbers(smacSelectBest(rung, 3))).toEqual([0, 1, 2]);
  });

  it("drops a duplicate from the front into a later one (SMAC's mask walk)", () => {
    expect(numbers(smacParetoFront([e(0, 1, 1), e(1, 1, 1), e(2, 2, 0)]))).toEqual([0, 2]);
    expect(numbers(smacSelectBest([e(0, 1, 1), e(1, 1, 1), e(2, 3, 3)], 2))).toEqual([0, 1]);
  });

  it('keeps short lists as they are and never promotes more than it has', () => {
    expect(numbers(sortByCrowdingDistance([e(5, 1, 2), e(6, 2, 1)]))).toEqual([5, 6]);
    expect(numbers(smacSelectBest([e(0, 1, 1)], 2))).toEqual([0]);
    expect(smacSelectBest([], 2)).toEqual([]);
  });
});
