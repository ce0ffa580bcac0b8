/**
 * The sufficient statistic of every classification metric: a weighted K×K confusion
 * matrix per group (true class × predicted class) plus the row count of each group.
 */
import type { LabelArray } from './labels';
import { distinctNames, encodeWith } from './labels';

export interface ConfusionSet {
  classes: string[];
  groups: string[];
  /** Sum of sample weights of group g, true class t, predicted class p at [(g·K + t)·K + p]. */
  weight: Float64Array;
  /** Unweighted rows per group. */
  rows: Float64Array;
}

export interface BinaryCells {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ConfusionInput {
  yTrue: LabelArray;
  yPred: LabelArray;
  groups: LabelArray;
  weights?: ArrayLike<number>;
  /** Class names to use (default: every value of yTrue and yPred, sorted). */
  classes?: string[];
  /** Group names to use (default: every value of groups, sorted). */
  groupNames?: string[];
}

export function buildConfusion(input: ConfusionInput): ConfusionSet {
  const n = input.yTrue.length;
  if (input.yPred.length !== n || input.groups.length !== n)
    throw new Error('yTrue, yPred and groups differ in length');
  if (input.weights && input.weights.length !== n) throw new Error('weights differ in length from yTrue');
  const classes = input.classes ?? distinctNames(input.yTrue, input.yPred);
  const groups = input.groupNames ?? distinctNames(input.groups);
  const codes: Codes = {
    t: encodeWith(input.yTrue, classes),
    p: encodeWith(input.yPred, classes),
    g: encodeWith(input.groups, groups),
  };
  return confusionFromCodes(codes, classes, groups, input.weights);
}

/** Encoded rows: true class, predicted class and group index per row. */
export interface Codes {
  t: Int32Array;
  p: Int32Array;
  g: Int32Array;
}

export function confusionFromCodes(
  { t, p, g }: Codes,
  classes: string[],
  groups: string[],
  w?: ArrayLike<number>,
): ConfusionSet {
  const n = t.length;
  const k = classes.length;
  const weight = new Float64Array(groups.length * k * k);
  const rows = new Float64Array(groups.length);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    if (!(wi >= 0) || !Number.isFinite(wi))
      throw new Error(`sample weight ${wi} at row ${i} is not a finite number ≥ 0`);
    weight[(g[i] * k + t[i]) * k + p[i]] += wi;
    rows[g[i]]++;
  }
  return { classes, groups, weight, rows };
}

/** Confusion cell weights of one group, or of all groups pooled when group is -1. */
export function groupMatrix(set: ConfusionSet, group: number): Float64Array {
  const kk = set.classes.length ** 2;
  if (group >= 0) return set.weight.subarray(group * kk, (group + 1) * kk);
  const pooled = new Float64Array(kk);
  for (let g = 0; g < set.groups.length; g++)
    for (let c = 0; c < kk; c++) pooled[c] += set.weight[g * kk + c];
  return pooled;
}

/** Pools several groups' matrices (used for AIF360's "everyone else" group). */
export function pooledMatrix(set: ConfusionSet, members: readonly number[]): Float64Array {
  const kk = set.classes.length ** 2;
  const pooled = new Float64Array(kk);
  for (const g of members) for (let c = 0; c < kk; c++) pooled[c] += set.weight[g * kk + c];
  return pooled;
}

/** One-vs-rest cells of class `positive` from a K×K matrix. */
export function binaryCells(matrix: Float64Array, k: number, positive: number): BinaryCells {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const w = matrix[t * k + p];
      if (t === positive && p === positive) tp += w;
      else if (t === positive) fn += w;
      else if (p === positive) fp += w;
      else tn += w;
    }
  }
  return { tp, fp, fn, tn };
}

/** Exact-match accuracy numerator and denominator of a K×K matrix. */
export function matrixTrace(matrix: Float64Array, k: number): { correct: number; total: number } {
  let correct = 0;
  let total = 0;
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      total += matrix[t * k + p];
      if (t === p) correct += matrix[t * k + p];
    }
  }
  return { correct, total };
}
