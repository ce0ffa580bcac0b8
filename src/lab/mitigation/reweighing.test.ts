import { describe, expect, it } from 'vitest';
import { reweighing } from './reweighing';

// A hand-made table: group 0 has 6 rows (4 positive), group 1 has 4 rows (1 positive).
const groups = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
const labels = [1, 1, 1, 1, 0, 0, 1, 0, 0, 0];

describe('reweighing (AIF360 Reweighing)', () => {
  it('gives each (group, label) cell n_label · n_group / (n · n_group,label)', () => {
    const r = reweighing({ labels, groups });
    // n = 10, n_pos = 5, n_neg = 5, n_g0 = 6, n_g1 = 4.
    expect(r.cells).toEqual([
      { group: 0, label: 0, count: 2, weight: (5 * 6) / (10 * 2) },
      { group: 0, label: 1, count: 4, weight: (5 * 6) / (10 * 4) },
      { group: 1, label: 0, count: 3, weight: (5 * 4) / (10 * 3) },
      { group: 1, label: 1, count: 1, weight: (5 * 4) / (10 * 1) },
    ]);
    expect(r.sampleWeights[0]).toBeCloseTo(0.75, 6);
    expect(r.sampleWeights[6]).toBeCloseTo(2, 6);
    expect(r.weightOf(2, 1)).toBe(1);
  });

  it('makes the weighted P(label | group) equal P(label) in every group, and keeps the total', () => {
    const r = reweighing({ labels, groups });
    const total = (g: number, y?: number) =>
      labels.reduce(
        (sum, l, i) => sum + (groups[i] === g && (y === undefined || l === y) ? r.sampleWeights[i] : 0),
        0,
      );
    for (const g of [0, 1]) expect(total(g, 1) / total(g)).toBeCloseTo(0.5, 6);
    // Weighted group × label totals equal n_group · n_label / n: the table becomes independent.
    expect(total(0, 1)).toBeCloseTo(3, 6);
    expect(total(0, 0)).toBeCloseTo(3, 6);
    expect(total(1, 1)).toBeCloseTo(2, 6);
    expect(total(1, 0)).toBeCloseTo(2, 6);
    expect(r.sampleWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(10, 5);
  });

  it('uses incoming instance weights as AIF360 does, for any number of labels', () => {
    const r = reweighing({ labels: [0, 1, 2, 0], groups: [0, 0, 1, 1], sampleWeights: [2, 1, 1, 1] });
    // n = 5; label 0: 3, group 0: 3, cell (0, 0): 2 → 3 · 3 / (5 · 2).
    expect(r.weightOf(0, 0)).toBeCloseTo(0.9, 12);
    expect(r.sampleWeights[0]).toBeCloseTo(1.8, 6);
    expect(() => reweighing({ labels: [0], groups: [0], sampleWeights: [-1] })).toThrow(
      /not a finite number/,
    );
  });
});
