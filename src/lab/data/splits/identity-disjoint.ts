import { createRng, shuffleInPlace } from '../../util/rng';
import { SPLIT_CODE, type SplitName } from '../types';
import { DEFAULT_FRACTIONS, validateFractions, type SplitFractions } from './stratified';

/** Code for images left out of every split (their identity was dropped). */
export const EXCLUDED = 255;

/** FR-NAS keeps identities with at least this many images (a probe plus a gallery pair). */
export const MIN_IMAGES_PER_IDENTITY = 3;

export interface IdentitySplitOptions {
  fractions?: SplitFractions;
  minImagesPerIdentity?: number;
  /** Per-image group (e.g. gender); an identity belongs to its images' majority group. */
  groups?: ArrayLike<string | number>;
  /** Keep the same number of identities in every group: the smallest group's count. */
  balanceGroups?: boolean;
}

export interface ExcludedIdentity {
  identity: string;
  images: number;
  reason: string;
}

export interface IdentitySplit {
  /** Per image: a SPLIT_CODE, or EXCLUDED. */
  codes: Uint8Array;
  /** Identities per split. */
  identities: Record<SplitName, number>;
  excluded: ExcludedIdentity[];
}

/**
 * Identity-disjoint train/val/test (the FR-NAS protocol): every image of an identity lands in
 * the same split, identities with too few images are dropped, and identities are split in the
 * same proportions within every group. Seeded and independent of input order.
 */
export function identityDisjointSplit(
  identities: ArrayLike<string | number>,
  seed: number,
  options: IdentitySplitOptions = {},
): IdentitySplit {
  const fractions = options.fractions ?? DEFAULT_FRACTIONS;
  validateFractions(fractions);
  const minImages = options.minImagesPerIdentity ?? MIN_IMAGES_PER_IDENTITY;
  const images = new Map<string, number[]>();
  for (let i = 0; i < identities.length; i++) {
    const id = String(identities[i]);
    let list = images.get(id);
    if (!list) images.set(id, (list = []));
    list.push(i);
  }
  const codes = new Uint8Array(identities.length).fill(EXCLUDED);
  const excluded: ExcludedIdentity[] = [];
  const byGroup = new Map<string, string[]>();
  for (const id of [...images.keys()].sort()) {
    const members = images.get(id)!;
    if (members.length < minImages) {
      excluded.push({ identity: id, images: members.length, reason: `fewer than ${minImages} images` });
      continue;
    }
    const group = options.groups ? majorityGroup(members, options.groups) : '';
    let list = byGroup.get(group);
    if (!list) byGroup.set(group, (list = []));
    list.push(id);
  }
  const groupNames = [...byGroup.keys()].sort();
  const keep = options.balanceGroups ? Math.min(...groupNames.map((g) => byGroup.get(g)!.length)) : Infinity;
  const counts: Record<SplitName, number> = { train: 0, val: 0, test: 0 };
  const rng = createRng(seed);
  for (const group of groupNames) {
    const ids = shuffleInPlace(byGroup.get(group)!, rng);
    for (const id of ids.slice(keep)) {
      excluded.push({
        identity: id,
        images: images.get(id)!.length,
        reason: `dropped to balance identities across groups (${keep} per group)`,
      });
    }
    const kept = ids.slice(0, keep);
    const nTest = Math.round(kept.length * fractions.test);
    const nVal = Math.round(kept.length * fractions.val);
    kept.forEach((id, k) => {
      const split: SplitName = k < nTest ? 'test' : k < nTest + nVal ? 'val' : 'train';
      counts[split]++;
      for (const i of images.get(id)!) codes[i] = SPLIT_CODE[split];
    });
  }
  return { codes, identities: counts, excluded };
}

function majorityGroup(members: number[], groups: ArrayLike<string | number>): string {
  const tally = new Map<string, number>();
  for (const i of members) {
    const g = String(groups[i]);
    tally.set(g, (tally.get(g) ?? 0) + 1);
  }
  return [...tally.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}
