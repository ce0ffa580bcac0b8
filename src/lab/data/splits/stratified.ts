import { createRng, shuffleInPlace } from '../../util/rng';
import { SPLIT_CODE, type SplitName } from '../types';

export type SplitFractions = Record<SplitName, number>;
export const DEFAULT_FRACTIONS: SplitFractions = { train: 0.7, val: 0.1, test: 0.2 };

/**
 * Assigns each item to train/val/test so that every stratum (e.g. group × label)
 * is split in the same proportions. Seeded: the same keys and seed give the same split.
 */
export function stratifiedSplit(
  strata: ArrayLike<string | number>,
  seed: number,
  fractions: SplitFractions = DEFAULT_FRACTIONS,
): Uint8Array {
  validateFractions(fractions);
  const byStratum = new Map<string | number, number[]>();
  for (let i = 0; i < strata.length; i++) {
    const key = strata[i];
    let list = byStratum.get(key);
    if (!list) byStratum.set(key, (list = []));
    list.push(i);
  }
  const out = new Uint8Array(strata.length);
  const rng = createRng(seed);
  const keys = [...byStratum.keys()].sort((a, b) => String(a).localeCompare(String(b)));
  for (const key of keys) {
    const items = shuffleInPlace(byStratum.get(key)!, rng);
    const nTest = Math.round(items.length * fractions.test);
    const nVal = Math.round(items.length * fractions.val);
    items.forEach((item, k) => {
      out[item] = k < nTest ? SPLIT_CODE.test : k < nTest + nVal ? SPLIT_CODE.val : SPLIT_CODE.train;
    });
  }
  return out;
}

export function validateFractions(fractions: SplitFractions): void {
  const sum = fractions.train + fractions.val + fractions.test;
  const parts = [fractions.train, fractions.val, fractions.test];
  if (parts.some((p) => !(p >= 0)) || Math.abs(sum - 1) > 1e-6) {
    throw new Error(`Split fractions must be ≥ 0 and sum to 1 (got ${parts.join(' / ')})`);
  }
}

export function countSplits(split: ArrayLike<number>): Record<SplitName, number> {
  const counts = { train: 0, val: 0, test: 0 };
  for (let i = 0; i < split.length; i++) {
    if (split[i] === SPLIT_CODE.train) counts.train++;
    else if (split[i] === SPLIT_CODE.val) counts.val++;
    else counts.test++;
  }
  return counts;
}
