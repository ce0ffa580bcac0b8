/**
 * Group-balanced sampling: an epoch's sample order in which every non-empty group × label cell
 * is drawn equally often. A cell with fewer samples than its share repeats them: each sample is
 * drawn ⌊k / size⌋ times plus a seeded subset once more (sampling with replacement, stratified so
 * no sample of a small cell is left out); a larger cell gives a seeded subset without repeats.
 * The whole order is then shuffled. The training loop reads its batches in this order.
 */
import { shuffleInPlace, type Rng } from '../util/rng';

export interface BalancedSamplingInput {
  labels: ArrayLike<number>;
  groups: ArrayLike<number>;
  rng: Rng;
  /** Samples in the epoch; default the number of samples. Rounded to a multiple of the cell count. */
  epochSize?: number;
}

export interface BalancedSampling {
  /** Sample indices in draw order. */
  order: Int32Array;
  /** Draws per cell (every cell the same). */
  perCell: number;
  cells: { group: number; label: number; size: number }[];
}

export function balancedSampling({
  labels,
  groups,
  rng,
  epochSize,
}: BalancedSamplingInput): BalancedSampling {
  const n = labels.length;
  if (groups.length !== n) throw new Error('labels and groups differ in length');
  if (n === 0) throw new Error('no samples to draw from');
  const members = new Map<string, { group: number; label: number; indices: number[] }>();
  for (let i = 0; i < n; i++) {
    const k = `${groups[i]}:${labels[i]}`;
    const cell = members.get(k) ?? { group: groups[i], label: labels[i], indices: [] };
    cell.indices.push(i);
    members.set(k, cell);
  }
  const cells = [...members.values()].sort((a, b) => a.group - b.group || a.label - b.label);
  const size = epochSize ?? n;
  if (!(size >= 1)) throw new Error(`epoch size must be ≥ 1 (got ${size})`);
  const perCell = Math.max(1, Math.round(size / cells.length));
  const order: number[] = [];
  for (const cell of cells) {
    const repeats = Math.floor(perCell / cell.indices.length);
    for (let r = 0; r < repeats; r++) order.push(...cell.indices);
    const rest = shuffleInPlace([...cell.indices], rng).slice(0, perCell - repeats * cell.indices.length);
    order.push(...rest);
  }
  return {
    order: Int32Array.from(shuffleInPlace(order, rng)),
    perCell,
    cells: cells.map((c) => ({ group: c.group, label: c.label, size: c.indices.length })),
  };
}
