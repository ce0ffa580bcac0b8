/**
 * AIF360's Reweighing (Kamiran & Calders 2012; aif360.algorithms.preprocessing.Reweighing):
 * every (group, label) cell gets the weight
 *     w(g, y) = n_y · n_g / (n · n_{g,y})
 * (counts are sums of the incoming sample weights, all 1 by default), so that under the new
 * weights the label is independent of the group: weighted P(y | g) = P(y) for every group.
 * AIF360 does this for privileged / unprivileged × favourable / unfavourable; here any number
 * of groups and labels (e.g. identities) is allowed, which is the same formula cell by cell.
 */

export interface ReweighingInput {
  /** Class index per sample (the batch's yIndex). */
  labels: ArrayLike<number>;
  /** Group code per sample (e.g. batch.groups[attr]; -1, "missing", is a group of its own). */
  groups: ArrayLike<number>;
  /** Incoming instance weights (AIF360's instance_weights); default 1 each. */
  sampleWeights?: ArrayLike<number>;
}

export interface ReweighingCell {
  group: number;
  label: number;
  /** Weighted count n_{g,y}. */
  count: number;
  weight: number;
}

export interface Reweighing {
  /** One entry per non-empty cell, sorted by group then label. */
  cells: ReweighingCell[];
  /** The cell weight of (group, label); 1 for a cell that was empty when fitted. */
  weightOf(group: number, label: number): number;
  /** Per-sample weight: the incoming weight times its cell's weight (AIF360's transform). */
  sampleWeights: Float32Array;
}

const key = (group: number, label: number) => `${group}:${label}`;

/** Fits the cell weights on a (training) set and weighs its samples. */
export function reweighing({ labels, groups, sampleWeights }: ReweighingInput): Reweighing {
  const n = labels.length;
  if (groups.length !== n) throw new Error('labels and groups differ in length');
  if (sampleWeights && sampleWeights.length !== n) throw new Error('sample weights differ in length');
  const w = (i: number) => (sampleWeights ? sampleWeights[i] : 1);
  const byCell = new Map<string, ReweighingCell>();
  const byGroup = new Map<number, number>();
  const byLabel = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = w(i);
    if (!(wi >= 0) || !Number.isFinite(wi))
      throw new Error(`sample weight ${wi} at ${i} is not a finite number ≥ 0`);
    const k = key(groups[i], labels[i]);
    const cell = byCell.get(k) ?? { group: groups[i], label: labels[i], count: 0, weight: 0 };
    cell.count += wi;
    byCell.set(k, cell);
    byGroup.set(groups[i], (byGroup.get(groups[i]) ?? 0) + wi);
    byLabel.set(labels[i], (byLabel.get(labels[i]) ?? 0) + wi);
    total += wi;
  }
  for (const cell of byCell.values()) {
    cell.weight =
      cell.count > 0 ? (byLabel.get(cell.label)! * byGroup.get(cell.group)!) / (total * cell.count) : 1;
  }
  const weightOf = (group: number, label: number) => byCell.get(key(group, label))?.weight ?? 1;
  return {
    cells: [...byCell.values()].sort((a, b) => a.group - b.group || a.label - b.label),
    weightOf,
    sampleWeights: Float32Array.from({ length: n }, (_, i) => w(i) * weightOf(groups[i], labels[i])),
  };
}
