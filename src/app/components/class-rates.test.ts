import { describe, expect, it } from 'vitest';
import { classificationReport } from '../../lab/fairness/report';
import {
  balancedAccuracyByGroup,
  classRateRows,
  macroDisparities,
  needsPositiveClass,
  positiveClassDisparities,
} from './class-rates';

// Three classes, two groups of six images. Per-class TPR: g1 a 1, b ½, c 1; g2 a ½, b 1, c 1.
const report = classificationReport({
  yTrue: ['a', 'a', 'b', 'b', 'c', 'c', 'a', 'a', 'b', 'b', 'c', 'c'],
  yPred: ['a', 'a', 'b', 'c', 'c', 'c', 'b', 'a', 'b', 'b', 'c', 'c'],
  groups: ['g1', 'g1', 'g1', 'g1', 'g1', 'g1', 'g2', 'g2', 'g2', 'g2', 'g2', 'g2'],
  minCount: 1,
});

describe('multiclass rates per class', () => {
  it('reads one-vs-rest TPR per class and group, with the gap', () => {
    expect(needsPositiveClass(report)).toBe(true);
    const rows = classRateRows(report);
    expect(rows.map((r) => [r.cls, r.byGroup.g1, r.byGroup.g2, r.difference])).toEqual([
      ['a', 1, 0.5, 0.5],
      ['b', 0.5, 1, 0.5],
      ['c', 1, 1, 0],
    ]);
    expect(rows[0].overall).toBe(0.75);
  });

  it('averages over classes (macro) and takes the worst class', () => {
    const macro = macroDisparities(report);
    expect(macro.macro_tpr_difference).toBeCloseTo(1 / 3, 12);
    expect(macro.worst_class_tpr_difference).toBe(0.5);
    const balanced = balancedAccuracyByGroup(report);
    expect(balanced.g1).toBeCloseTo(2.5 / 3, 12);
    expect(macro.balanced_accuracy_difference).toBeCloseTo(0, 12);
  });

  it("gives Fairlearn's disparities for a chosen positive class", () => {
    const a = positiveClassDisparities(report, 'a');
    expect(a.demographic_parity_difference).toBeCloseTo(2 / 6 - 1 / 6, 12);
    expect(a.equal_opportunity_difference).toBe(0.5);
    expect(a.fpr_difference).toBe(0);
    expect(a.equalized_odds_difference).toBe(0.5);
    expect(() => positiveClassDisparities(report, 'z')).toThrow(/"z" is not one of the classes: a, b, c/);
  });
});
