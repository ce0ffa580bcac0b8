/**
 * Per-group tradeoff curves of Fairlearn's ThresholdOptimizer, step for step as in
 * fairlearn/postprocessing/_tradeoff_curve_utilities.py:
 *   calculateTradeoffPoints — one (x, y) point per threshold between distinct scores (plus ±∞),
 *   filterPointsToGetConvexHull — the upper convex hull (Andrew's monotone chain),
 *   interpolateCurve — the hull read at every x of a grid, as a mix of two neighbouring
 *   threshold operations (p0 · operation0 + p1 · operation1).
 */
import { extendConfusionMatrix, METRIC_DICT, type TradeoffMetric } from './confusion-metrics';
import { thresholdOperation, type ThresholdOperation } from './threshold-operation';

export interface TradeoffPoint {
  x: number;
  y: number;
  operation: ThresholdOperation;
}

/** A grid x read off the hull: with probability p0 apply operation0, with p1 operation1. */
export interface InterpolatedPoint {
  x: number;
  y: number;
  p0: number;
  operation0: ThresholdOperation;
  p1: number;
  operation1: ThresholdOperation;
}

export interface TradeoffOptions {
  xMetric: TradeoffMetric;
  yMetric: TradeoffMetric;
  /** Also consider "score < t" (Fairlearn's flip; default false as in Fairlearn ≥ 0.5). */
  flip?: boolean;
}

/** Thrown when a group lacks positives or negatives (Fairlearn: "Degenerate labels"). */
export class DegenerateLabelsError extends Error {
  constructor(
    readonly group: string,
    readonly missing: 'positives' | 'negatives',
  ) {
    super(`group "${group}" has no ${missing}: threshold optimisation needs both labels in every group`);
    this.name = 'DegenerateLabelsError';
  }
}

/**
 * Every achievable (x, y) of thresholding `scores` (labels 0/1), sorted by x then y. Scores are
 * walked from the highest down; each threshold sits halfway between two distinct scores.
 */
export function calculateTradeoffPoints(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  group: string,
  { xMetric, yMetric, flip = false }: TradeoffOptions,
): TradeoffPoint[] {
  const n = labels.length;
  let nPositive = 0;
  for (let i = 0; i < n; i++) nPositive += labels[i];
  const nNegative = n - nPositive;
  if (nPositive === 0) throw new DegenerateLabelsError(group, 'positives');
  if (nNegative === 0) throw new DegenerateLabelsError(group, 'negatives');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const points: TradeoffPoint[] = [];
  const count = [0, 0];
  const addPoints = (threshold: number) => {
    const actual = extendConfusionMatrix({
      falsePositives: count[0],
      truePositives: count[1],
      trueNegatives: nNegative - count[0],
      falseNegatives: nPositive - count[1],
    });
    points.push({
      x: METRIC_DICT[xMetric](actual),
      y: METRIC_DICT[yMetric](actual),
      operation: thresholdOperation('>', threshold),
    });
    if (!flip) return;
    const flipped = extendConfusionMatrix({
      falsePositives: nNegative - count[0],
      truePositives: nPositive - count[1],
      trueNegatives: count[0],
      falseNegatives: count[1],
    });
    points.push({
      x: METRIC_DICT[xMetric](flipped),
      y: METRIC_DICT[yMetric](flipped),
      operation: thresholdOperation('<', threshold),
    });
  };
  addPoints(Infinity);
  let i = 0;
  while (i < n) {
    const score = scores[order[i]];
    while (i < n && scores[order[i]] === score) count[labels[order[i++]]]++;
    const next = i < n ? scores[order[i]] : -Infinity;
    // Halving first is exact and cannot overflow; (a + b) / 2 in Fairlearn gives the same value.
    addPoints(score / 2 + next / 2);
  }
  // Array.prototype.sort is stable: equal points keep their threshold order.
  return points.sort((a, b) => a.x - b.x || a.y - b.y);
}

/** The upper convex hull of points sorted by x (a middle point on or below the chord is dropped). */
export function filterPointsToGetConvexHull(sorted: readonly TradeoffPoint[]): TradeoffPoint[] {
  const selected: TradeoffPoint[] = [];
  for (const r2 of sorted) {
    while (selected.length >= 2) {
      const r1 = selected[selected.length - 1];
      const r0 = selected[selected.length - 2];
      if ((r1.y - r0.y) * (r2.x - r0.x) <= (r2.y - r0.y) * (r1.x - r0.x)) selected.pop();
      else break;
    }
    selected.push(r2);
  }
  return selected;
}

/** Fairlearn's _tradeoff_curve: the convex hull of the achievable tradeoffs of one group. */
export function tradeoffCurve(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  group: string,
  options: TradeoffOptions,
): TradeoffPoint[] {
  return filterPointsToGetConvexHull(calculateTradeoffPoints(labels, scores, group, options));
}

/** np.linspace(0, 1, gridSize + 1): i · (1 / gridSize), the last tick exactly 1. */
export function linspaceGrid(gridSize: number): Float64Array {
  if (!Number.isInteger(gridSize) || gridSize < 1)
    throw new Error(`grid size must be a whole number ≥ 1 (got ${gridSize})`);
  const step = 1 / gridSize;
  const grid = Float64Array.from({ length: gridSize + 1 }, (_, i) => i * step);
  grid[gridSize] = 1;
  return grid;
}

/**
 * The hull read at each grid x (Fairlearn's _interpolate_curve). Assumes the hull spans the grid
 * (x from 0 to 1), which holds for every rate metric: thresholds ±∞ reach both ends.
 */
export function interpolateCurve(
  hull: readonly TradeoffPoint[],
  xGrid: ArrayLike<number>,
): InterpolatedPoint[] {
  if (hull.length < 2) throw new Error('a tradeoff curve needs at least two points');
  let i = 0;
  while (i + 1 < hull.length - 1 && hull[i + 1].x === hull[0].x) i++;
  const out: InterpolatedPoint[] = [];
  for (let k = 0; k < xGrid.length; k++) {
    const x = xGrid[k];
    while (i + 2 < hull.length && x > hull[i + 1].x) i++;
    const a = hull[i];
    const b = hull[i + 1];
    const p0 = (b.x - x) / (b.x - a.x);
    const p1 = 1 - p0;
    out.push({ x, y: p0 * a.y + p1 * b.y, p0, operation0: a.operation, p1, operation1: b.operation });
  }
  return out;
}
