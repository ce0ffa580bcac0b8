/**
 * A group's ROC curve for drawing: every threshold's (FPR, TPR) from the same walk the
 * optimiser makes, thinned to at most `maxPoints` (the ends always kept), and its convex hull.
 */
import { calculateTradeoffPoints, filterPointsToGetConvexHull } from './tradeoff-curve';

export interface RocPoint {
  fpr: number;
  tpr: number;
}

export interface GroupRoc {
  curve: RocPoint[];
  hull: RocPoint[];
}

export const DEFAULT_ROC_POINTS = 200;

export function groupRoc(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  group: string,
  maxPoints = DEFAULT_ROC_POINTS,
): GroupRoc {
  const points = calculateTradeoffPoints(labels, scores, group, {
    xMetric: 'false_positive_rate',
    yMetric: 'true_positive_rate',
  });
  const toRoc = (p: { x: number; y: number }): RocPoint => ({ fpr: p.x, tpr: p.y });
  const step = Math.max(1, (points.length - 1) / Math.max(1, maxPoints - 1));
  const curve: RocPoint[] = [];
  for (let k = 0; Math.round(k * step) < points.length; k++) curve.push(toRoc(points[Math.round(k * step)]));
  if (curve.length === 0 || curve[curve.length - 1].fpr !== 1 || curve[curve.length - 1].tpr !== 1)
    curve.push(toRoc(points[points.length - 1]));
  return { curve, hull: filterPointsToGetConvexHull(points).map(toRoc) };
}
