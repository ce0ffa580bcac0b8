/**
 * Weighted ROC-AUC per group and overall, as sklearn's roc_auc_score (trapezoidal area,
 * tied scores count one half). Rows are first collapsed into "score cells": distinct
 * (score, group, label) triples sorted by score, which is also what the bootstrap resamples.
 */
import type { AucValues, Rate, UndefinedRate } from './table';

export interface ScoreCells {
  /** Ascending. */
  score: Float64Array;
  positive: Uint8Array;
  group: Int32Array;
  /** Sum of sample weights of the rows in the cell. */
  weight: Float64Array;
  /** Rows in the cell. */
  rows: Float64Array;
  groupCount: number;
}

export function collapseScores(
  scores: ArrayLike<number>,
  isPositive: Uint8Array,
  groups: Int32Array,
  groupCount: number,
  weights?: ArrayLike<number>,
): ScoreCells {
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(`score at row ${i} is not a finite number`);
    order[i] = i;
  }
  order.sort((a, b) => scores[a] - scores[b] || groups[a] - groups[b] || isPositive[a] - isPositive[b]);
  const score: number[] = [];
  const positive: number[] = [];
  const group: number[] = [];
  const weight: number[] = [];
  const rows: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = order[r];
    const last = score.length - 1;
    const w = weights ? weights[i] : 1;
    if (
      last >= 0 &&
      score[last] === scores[i] &&
      group[last] === groups[i] &&
      positive[last] === isPositive[i]
    ) {
      weight[last] += w;
      rows[last]++;
    } else {
      score.push(scores[i]);
      positive.push(isPositive[i]);
      group.push(groups[i]);
      weight.push(w);
      rows.push(1);
    }
  }
  return {
    score: Float64Array.from(score),
    positive: Uint8Array.from(positive),
    group: Int32Array.from(group),
    weight: Float64Array.from(weight),
    rows: Float64Array.from(rows),
    groupCount,
  };
}

/**
 * AUC of every group and overall from cell weights (cells.weight, or a resampled vector).
 * Sweeps tie blocks in ascending score: each positive weight earns the negative weight
 * below it plus half the negative weight tied with it.
 */
export function aucFromCells(
  cells: ScoreCells,
  weight: ArrayLike<number> = cells.weight,
): { overall: Rate; byGroup: Rate[] } {
  const g = cells.groupCount;
  const negBelow = new Float64Array(g + 1);
  const numerator = new Float64Array(g + 1);
  const posTotal = new Float64Array(g + 1);
  const blockPos = new Float64Array(g + 1);
  const blockNeg = new Float64Array(g + 1);
  const n = cells.score.length;
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n && cells.score[end] === cells.score[start]) end++;
    for (let c = start; c < end; c++) {
      const target = cells.positive[c] ? blockPos : blockNeg;
      target[cells.group[c]] += weight[c];
      target[g] += weight[c];
    }
    for (let c = start; c <= end; c++) {
      // Visit each group touched by the block once, then the overall slot g.
      const slot = c < end ? cells.group[c] : g;
      if (blockPos[slot] === 0 && blockNeg[slot] === 0) continue;
      numerator[slot] += blockPos[slot] * (negBelow[slot] + 0.5 * blockNeg[slot]);
      negBelow[slot] += blockNeg[slot];
      posTotal[slot] += blockPos[slot];
      blockPos[slot] = 0;
      blockNeg[slot] = 0;
    }
    start = end;
  }
  const auc = (slot: number): Rate => {
    const denominator = posTotal[slot] * negBelow[slot];
    return denominator > 0 ? numerator[slot] / denominator : null;
  };
  const byGroup: Rate[] = [];
  for (let k = 0; k < g; k++) byGroup.push(auc(k));
  return { overall: auc(g), byGroup };
}

/** AUC values with the reasons of the undefined ones, ready for buildTable. */
export function aucValues(cells: ScoreCells, groupNames: readonly string[]): AucValues {
  const { overall, byGroup } = aucFromCells(cells);
  const reasons: UndefinedRate[] = [];
  const reason = 'roc_auc needs both positives and negatives';
  byGroup.forEach((value, g) => {
    if (value === null) reasons.push({ group: groupNames[g], metric: 'roc_auc', reason });
  });
  if (overall === null) reasons.push({ group: 'overall', metric: 'roc_auc', reason });
  return { overall, byGroup, reasons };
}
