/**
 * FR-NAS's "flipped labels" baseline (dooleys/FR-NAS, src/baselines/smac_dpn_trainer_flip.py,
 * `flip`): in each batch, ⌊fraction · m⌋ of the m majority-group images, chosen without
 * replacement, get their identity label replaced by a uniformly drawn other identity of the
 * majority group; every other image keeps its label. FR-NAS used fraction 0.3.
 *
 * Where this differs from FR-NAS: the majority group is a parameter (FR-NAS hard-codes "male");
 * the draw is seeded with the lab's Rng (FR-NAS uses numpy's and Python's global generators);
 * it draws directly from the other identities instead of redrawing until the label changes, which
 * is the same distribution; and a majority group with a single identity is an error (FR-NAS
 * would loop forever).
 */
import type { Rng } from '../util/rng';

export const DEFAULT_FLIP_FRACTION = 0.3;

export interface FlippedLabelsInput {
  /** Identity class index per image of the batch. */
  labels: ArrayLike<number>;
  /** Group code per image of the batch. */
  groups: ArrayLike<number>;
  /** identityGroup[identity] = that identity's group code (from the training set). */
  identityGroup: ArrayLike<number>;
  /** The group whose labels are flipped. */
  majorityGroup: number;
  /** Share of the batch's majority images to flip (default 0.3). */
  fraction?: number;
  rng: Rng;
}

export interface FlippedLabels {
  labels: Int32Array;
  /** Batch positions whose label changed. */
  flipped: Int32Array;
}

/** The group with the most images: the usual choice of majority group. */
export function majorityGroupOf(groups: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < groups.length; i++) counts.set(groups[i], (counts.get(groups[i]) ?? 0) + 1);
  let best = -1;
  let bestCount = -1;
  for (const [group, count] of counts) {
    if (count > bestCount || (count === bestCount && group < best)) [best, bestCount] = [group, count];
  }
  if (bestCount < 0) throw new Error('no groups');
  return best;
}

export function flippedLabels({
  labels,
  groups,
  identityGroup,
  majorityGroup,
  fraction = DEFAULT_FLIP_FRACTION,
  rng,
}: FlippedLabelsInput): FlippedLabels {
  if (groups.length !== labels.length) throw new Error('labels and groups differ in length');
  if (!(fraction >= 0 && fraction <= 1))
    throw new Error(`flip fraction must be within [0, 1] (got ${fraction})`);
  const pool: number[] = [];
  for (let id = 0; id < identityGroup.length; id++) if (identityGroup[id] === majorityGroup) pool.push(id);
  const majority: number[] = [];
  for (let i = 0; i < labels.length; i++) if (groups[i] === majorityGroup) majority.push(i);
  const out = Int32Array.from(labels);
  const k = Math.floor(fraction * majority.length);
  if (k === 0) return { labels: out, flipped: new Int32Array(0) };
  if (pool.length < 2)
    throw new Error(
      `the majority group ${majorityGroup} has ${pool.length} identity: flipping needs at least two`,
    );
  // A partial Fisher–Yates shuffle picks k distinct majority images.
  for (let j = 0; j < k; j++) {
    const r = j + rng.int(majority.length - j);
    [majority[j], majority[r]] = [majority[r], majority[j]];
  }
  const chosen = majority.slice(0, k).sort((a, b) => a - b);
  for (const i of chosen) {
    const own = pool.indexOf(labels[i]);
    if (own < 0)
      throw new Error(`image ${i} is in group ${majorityGroup} but its identity ${labels[i]} is not`);
    // Uniform over the other identities: draw from pool.length − 1 slots, skipping the own one.
    const r = rng.int(pool.length - 1);
    out[i] = pool[r >= own ? r + 1 : r];
  }
  return { labels: out, flipped: Int32Array.from(chosen) };
}
