import { describe, expect, it } from 'vitest';
import {
  calculateTradeoffPoints,
  DegenerateLabelsError,
  filterPointsToGetConvexHull,
  interpolateCurve,
  linspaceGrid,
  tradeoffCurve,
} from './tradeoff-curve';

const ROC = { xMetric: 'false_positive_rate', yMetric: 'true_positive_rate' } as const;
// Scores high to low: positive, negative, positive, negative.
const labels = [1, 0, 1, 0];
const scores = [0.875, 0.625, 0.375, 0.125];

describe('tradeoff curves (Fairlearn _tradeoff_curve_utilities)', () => {
  it('walks every threshold between distinct scores, from +∞ to −∞', () => {
    const points = calculateTradeoffPoints(labels, scores, 'g', ROC);
    expect(points.map((p) => [p.x, p.y])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
    expect(points.map((p) => p.operation.threshold)).toEqual([Infinity, 0.75, 0.5, 0.25, -Infinity]);
    expect(points.every((p) => p.operation.operator === '>')).toBe(true);
  });

  it('keeps the upper convex hull and drops points on or below a chord', () => {
    const hull = tradeoffCurve(labels, scores, 'g', ROC);
    expect(hull.map((p) => [p.x, p.y, p.operation.threshold])).toEqual([
      [0, 0, Infinity],
      [0, 0.5, 0.75],
      [0.5, 1, 0.25],
      [1, 1, -Infinity],
    ]);
    const collinear = filterPointsToGetConvexHull([
      { x: 0, y: 0, operation: { operator: '>', threshold: 3 } },
      { x: 0.5, y: 0.5, operation: { operator: '>', threshold: 2 } },
      { x: 1, y: 1, operation: { operator: '>', threshold: 1 } },
    ]);
    expect(collinear.map((p) => p.x)).toEqual([0, 1]);
  });

  it('groups tied scores into one step', () => {
    const points = calculateTradeoffPoints([1, 0, 1], [0.5, 0.5, 0.2], 'g', ROC);
    expect(points.map((p) => [p.x, p.y])).toEqual([
      [0, 0],
      [1, 0.5],
      [1, 1],
    ]);
    expect(points[1].operation.threshold).toBeCloseTo(0.35, 12);
  });

  it('reads the hull at grid points as a two-threshold mix with p0 + p1 = 1', () => {
    const hull = tradeoffCurve(labels, scores, 'g', ROC);
    const [at0, at25, at50, at75, at100] = interpolateCurve(hull, linspaceGrid(4));
    // x = 0 sits on the last hull point with x = 0 (Fairlearn skips the leading duplicates).
    expect(at0).toMatchObject({ y: 0.5, p0: 1, p1: 0 });
    expect(at0.operation0.threshold).toBe(0.75);
    expect(at25).toMatchObject({ x: 0.25, y: 0.75, p0: 0.5, p1: 0.5 });
    expect([at25.operation0.threshold, at25.operation1.threshold]).toEqual([0.75, 0.25]);
    expect(at50).toMatchObject({ y: 1, p0: 0, p1: 1 });
    expect(at75).toMatchObject({ y: 1, p0: 0.5, p1: 0.5 });
    expect([at75.operation0.threshold, at75.operation1.threshold]).toEqual([0.25, -Infinity]);
    expect(at100).toMatchObject({ y: 1, p0: 0, p1: 1 });
  });

  it('builds a selection-rate / accuracy curve for demographic parity', () => {
    const hull = tradeoffCurve(labels, scores, 'g', { xMetric: 'selection_rate', yMetric: 'accuracy_score' });
    // Selecting the top 1, 2, 3 rows: accuracy 0.75, 0.5, 0.75; the hull skips the dip.
    expect(hull.map((p) => [p.x, p.y])).toEqual([
      [0, 0.5],
      [0.25, 0.75],
      [0.75, 0.75],
      [1, 0.5],
    ]);
  });

  it('makes np.linspace(0, 1, n + 1)', () => {
    expect(Array.from(linspaceGrid(4))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspaceGrid(1000)[1000]).toBe(1);
    expect(linspaceGrid(1000)[3]).toBe(3 * (1 / 1000));
    expect(() => linspaceGrid(0)).toThrow(/grid size/);
  });

  it('refuses a group with one label only, as Fairlearn does', () => {
    expect(() => calculateTradeoffPoints([1, 1], [0.2, 0.4], 'B', ROC)).toThrow(DegenerateLabelsError);
    expect(() => calculateTradeoffPoints([0, 0], [0.2, 0.4], 'B', ROC)).toThrow(/group "B" has no positives/);
    expect(() => calculateTradeoffPoints([1, 1], [0.2, 0.4], 'B', ROC)).toThrow(/no negatives/);
  });

  it('adds the flipped operations with flip', () => {
    const points = calculateTradeoffPoints(labels, scores, 'g', { ...ROC, flip: true });
    expect(points).toHaveLength(10);
    expect(points.filter((p) => p.operation.operator === '<')).toHaveLength(5);
  });
});
