import { describe, expect, it } from 'vitest';
import { classificationReport } from '../fairness';
import { createRng } from '../util/rng';
import { pmfPredict, predict } from './interpolated-thresholder';
import { syntheticScores } from '../test-support/mitigation-fixtures';
import { CONSTRAINTS, fitThresholdOptimizer, OBJECTIVES, type Constraint } from './threshold-optimizer';
import type { ScoredRows } from './scores-csv';

/** The constrained gap in expectation, straight from classificationReport with each row split by P(ŷ = 1). */
function expectedGap(rows: ScoredRows, probabilities: Float64Array, constraint: Constraint) {
  const n = rows.labels.length;
  const twice = <T>(f: (i: number) => T) => Array.from({ length: 2 * n }, (_, j) => f(j >> 1));
  const report = classificationReport({
    yTrue: twice((i) => rows.labels[i]),
    yPred: Array.from({ length: 2 * n }, (_, j) => (j % 2 === 0 ? 1 : 0)),
    weights: Array.from({ length: 2 * n }, (_, j) =>
      j % 2 === 0 ? probabilities[j >> 1] : 1 - probabilities[j >> 1],
    ),
    groups: twice((i) => rows.groups[i]),
    posLabel: 1,
  });
  const d = report.disparities;
  const gap = {
    demographic_parity: d.demographic_parity_difference,
    equalized_odds: d.equalized_odds_difference,
    true_positive_rate_parity: d.tpr_difference,
    false_positive_rate_parity: d.fpr_difference,
    true_negative_rate_parity: d.fpr_difference,
    false_negative_rate_parity: d.tpr_difference,
  }[constraint];
  return { gap: gap as number, report };
}

function thresholdGap(rows: ScoredRows, constraint: Constraint) {
  const probabilities = Float64Array.from(rows.scores, (s) => (s >= 0.5 ? 1 : 0));
  return expectedGap(rows, probabilities, constraint).gap;
}

describe('ThresholdOptimizer (Fairlearn)', () => {
  const fit = syntheticScores(11);

  for (const constraint of CONSTRAINTS) {
    for (const objective of OBJECTIVES) {
      it(`${constraint} / ${objective}: the gap on the fit rows closes, in expectation`, () => {
        const before = thresholdGap(fit, constraint);
        const fitted = fitThresholdOptimizer(fit, { constraints: constraint, objective });
        const probabilities = pmfPredict(fitted.thresholder, fit.scores, fit.groups);
        const { gap, report } = expectedGap(fit, probabilities, constraint);
        expect(before).toBeGreaterThan(0.05);
        expect(gap).toBeLessThan(1e-9);
        if (objective === 'accuracy_score')
          expect(report.overall.accuracy).toBeCloseTo(fitted.objective_value, 9);
        for (const rule of Object.values(fitted.thresholder.interpolation)) {
          expect(rule.p0 + rule.p1).toBeCloseTo(1, 12);
          expect(rule.p0).toBeGreaterThanOrEqual(0);
          expect(rule.p1).toBeGreaterThanOrEqual(0);
          if (rule.p_ignore !== undefined) expect(rule.p_ignore).toBeGreaterThanOrEqual(0);
        }
      });
    }
  }

  it('carries over to held-out rows up to sampling noise', () => {
    const heldOut = syntheticScores(12, [
      { name: 'A', n: 3000, baseRate: 0.5, separation: 2.5, shift: 0.4 },
      { name: 'B', n: 2000, baseRate: 0.3, separation: 1.2, shift: -0.4 },
    ]);
    for (const constraint of ['equalized_odds', 'demographic_parity'] as const) {
      const fitted = fitThresholdOptimizer(fit, { constraints: constraint });
      const probabilities = pmfPredict(fitted.thresholder, heldOut.scores, heldOut.groups);
      const { gap } = expectedGap(heldOut, probabilities, constraint);
      expect(gap).toBeLessThan(0.08);
      expect(gap).toBeLessThan(thresholdGap(heldOut, constraint) / 2);
    }
  });

  it('equalized_odds mixes the better group with a constant predictor (p_ignore), by hand', () => {
    // A separates perfectly; B's ROC hull is (0,0) (0,½) (½,1) (1,1).
    const rows = {
      labels: [1, 1, 0, 0, 1, 0, 1, 0],
      scores: [0.875, 0.625, 0.375, 0.125, 0.875, 0.625, 0.375, 0.125],
      groups: ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'],
    };
    const fitted = fitThresholdOptimizer(rows, { constraints: 'equalized_odds', gridSize: 4 });
    // Accuracy is 0.75 at FPR 0, ¼ and ½; the first maximum wins: FPR 0, TPR ½.
    expect(fitted.x_best).toBe(0);
    expect(fitted.y_best).toBe(0.5);
    const { A, B } = fitted.thresholder.interpolation;
    expect(A).toMatchObject({ p0: 1, p1: 0, p_ignore: 0.5, prediction_constant: 0 });
    expect(A.operation0).toEqual({ operator: '>', threshold: 0.5 });
    expect(B).toMatchObject({ p0: 1, p1: 0, p_ignore: 0, prediction_constant: 0 });
    expect(B.operation0).toEqual({ operator: '>', threshold: 0.75 });
    const p = pmfPredict(fitted.thresholder, rows.scores, rows.groups);
    expect(Array.from(p)).toEqual([0.5, 0.5, 0, 0, 1, 0, 0, 0]);
  });

  it('demographic_parity picks one shared selection rate and interpolates where a hull has no vertex, by hand', () => {
    // A: only the top score is positive; B: the top two are.
    const rows = {
      labels: [1, 0, 0, 0, 1, 1, 0, 0],
      scores: [0.875, 0.625, 0.375, 0.125, 0.875, 0.625, 0.375, 0.125],
      groups: ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'],
    };
    const fitted = fitThresholdOptimizer(rows, { constraints: 'demographic_parity', gridSize: 4 });
    // Selection ¼: A 1.0, B 0.75 → 0.875; selection ½: A 0.75, B 1.0 → 0.875; the first maximum is ¼.
    expect(fitted.x_best).toBe(0.25);
    expect(fitted.objective_value).toBe(0.875);
    const { A, B } = fitted.thresholder.interpolation;
    expect(A).toMatchObject({ p0: 0, p1: 1, operation1: { operator: '>', threshold: 0.75 } });
    // B's hull drops (¼, ¾) and (¾, ¾), which lie on chords; at ¼ it is half "select none",
    // half "select the top two".
    expect(fitted.hulls.B.map((p) => [p.x, p.y])).toEqual([
      [0, 0.5],
      [0.5, 1],
      [1, 0.5],
    ]);
    expect(B).toMatchObject({
      p0: 0.5,
      operation0: { operator: '>', threshold: Infinity },
      p1: 0.5,
      operation1: { operator: '>', threshold: 0.5 },
    });
    const p = pmfPredict(fitted.thresholder, rows.scores, rows.groups);
    expect(Array.from(p)).toEqual([1, 0, 0, 0, 0.5, 0.5, 0, 0]);
  });

  it('draws seeded decisions whose frequency matches P(ŷ = 1)', () => {
    const fitted = fitThresholdOptimizer(fit, { constraints: 'equalized_odds' });
    const p = pmfPredict(fitted.thresholder, fit.scores, fit.groups);
    const a = predict(fitted.thresholder, fit.scores, fit.groups, createRng(5));
    const b = predict(fitted.thresholder, fit.scores, fit.groups, createRng(5));
    expect(Array.from(a)).toEqual(Array.from(b));
    let expected = 0;
    let drawn = 0;
    for (let i = 0; i < p.length; i++) {
      expected += p[i];
      drawn += a[i];
      if (p[i] === 0) expect(a[i]).toBe(0);
      if (p[i] === 1) expect(a[i]).toBe(1);
    }
    expect(Math.abs(drawn - expected)).toBeLessThan(4 * Math.sqrt(p.length / 4));
  });

  it('with flip, uses "score < t" for a group whose scores run backwards', () => {
    const backwards = { ...fit, scores: fit.scores.map((s, i) => (fit.groups[i] === 'B' ? 1 - s : s)) };
    const plain = fitThresholdOptimizer(backwards, { constraints: 'demographic_parity' });
    const flipped = fitThresholdOptimizer(backwards, { constraints: 'demographic_parity', flip: true });
    const B = flipped.thresholder.interpolation.B;
    expect([B.operation0.operator, B.operation1.operator]).toContain('<');
    expect(flipped.objective_value).toBeGreaterThan(plain.objective_value + 0.05);
  });

  it('names a group the rows to predict have but the fit did not', () => {
    const fitted = fitThresholdOptimizer(fit, { constraints: 'demographic_parity' });
    expect(() => pmfPredict(fitted.thresholder, [0.3], ['C'])).toThrow(/group "C" was not in the rows/);
    expect(() => fitThresholdOptimizer(fit, { constraints: 'parity' as Constraint })).toThrow(
      /constraints must be/,
    );
  });
});
