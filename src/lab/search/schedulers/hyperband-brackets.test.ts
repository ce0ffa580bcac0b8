import { describe, expect, it } from 'vitest';
import { hyperbandBrackets } from './hyperband-brackets';

describe("Hyperband brackets (SMAC3's computation)", () => {
  it("gives FR-NAS's 4/2/1 at 25/50/100, then 3/1 at 50/100, then 3 at 100", () => {
    const b = hyperbandBrackets(25, 100, 2);
    expect(b.map((x) => x.nConfigs)).toEqual([[4, 2, 1], [3, 1], [3]]);
    expect(b.map((x) => x.budgets)).toEqual([[25, 50, 100], [50, 100], [100]]);
  });

  it("matches Li et al.'s table for R = 27, η = 3", () => {
    const b = hyperbandBrackets(1, 27, 3);
    expect(b.map((x) => x.nConfigs)).toEqual([[27, 9, 3, 1], [12, 4, 1], [6, 2], [4]]);
    expect(b.map((x) => x.budgets)).toEqual([[1, 3, 9, 27], [3, 9, 27], [9, 27], [27]]);
  });

  it("keeps SMAC's float budgets and rounds the epochs", () => {
    const b = hyperbandBrackets(1, 10, 3);
    expect(b[0].smacBudgets[0]).toBeCloseTo(10 / 9, 12);
    expect(b[0].budgets).toEqual([1, 3, 10]);
    expect(hyperbandBrackets(7, 7, 2)).toEqual([{ nConfigs: [1], smacBudgets: [7], budgets: [7] }]);
    expect(() => hyperbandBrackets(10, 5, 2)).toThrow(/below min/);
    expect(() => hyperbandBrackets(1, 5, 1.5)).toThrow(/eta/);
  });
});
