import { deriveSeed } from '../../util/rng';
import { EXCLUDED, identityDisjointSplit } from '../splits/identity-disjoint';
import { stratifiedSplit, type SplitFractions } from '../splits/stratified';
import { SPLIT_CODE, type SplitInfo } from '../types';
import type { ImportRecord, SkippedFile, SplitPlan } from './types';

export interface SplitAssignment {
  /** Per record: a SPLIT_CODE, or EXCLUDED (its identity was dropped). */
  codes: Uint8Array;
  /** SplitInfo without counts (they are known once images are decoded). */
  info: Omit<SplitInfo, 'counts'>;
  excluded: SkippedFile[];
}

export interface SplitOptions {
  seed: number;
  fractions: SplitFractions;
  minImagesPerIdentity?: number;
  balanceIdentities?: boolean;
}

/** Decides every record's split before decoding, so excluded identities are never decoded. */
export function assignSplit(
  records: ImportRecord[],
  plan: SplitPlan,
  options: SplitOptions,
): SplitAssignment {
  const { seed, fractions } = options;
  const key = (r: ImportRecord, by: string[]) => by.map((a) => r.categorical[a] ?? '?').join('|');
  if (plan.kind === 'stratified') {
    const codes = stratifiedSplit(
      records.map((r) => key(r, plan.by)),
      seed,
      fractions,
    );
    return { codes, info: { kind: 'stratified', seed, fractions, by: plan.by }, excluded: [] };
  }
  if (plan.kind === 'identity-disjoint') {
    const split = identityDisjointSplit(
      records.map((r) => r.categorical[plan.identity] ?? ''),
      seed,
      {
        fractions,
        minImagesPerIdentity: options.minImagesPerIdentity,
        balanceGroups: options.balanceIdentities,
        groups: plan.groupBy ? records.map((r) => r.categorical[plan.groupBy!] ?? '?') : undefined,
      },
    );
    const reasons = new Map(split.excluded.map((e) => [e.identity, e]));
    const excluded: SkippedFile[] = [];
    records.forEach((r, i) => {
      if (split.codes[i] !== EXCLUDED) return;
      const e = reasons.get(r.categorical[plan.identity] ?? '')!;
      excluded.push({ file: r.file, reason: `identity "${e.identity}" (${e.images} images): ${e.reason}` });
    });
    const by = [plan.identity, ...(plan.groupBy ? [plan.groupBy] : [])];
    return { codes: split.codes, info: { kind: 'identity-disjoint', seed, fractions, by }, excluded };
  }
  return predefinedSplit(records, plan.by, options);
}

/** The dataset's own split; if it has no val, val is carved from train, stratified. */
function predefinedSplit(records: ImportRecord[], by: string[], options: SplitOptions): SplitAssignment {
  const missing = records.find((r) => r.split === undefined);
  if (missing) throw new Error(`No predefined split for ${missing.file}`);
  const codes = Uint8Array.from(records, (r) => SPLIT_CODE[r.split!]);
  if (!records.some((r) => r.split === 'val')) {
    const train = records.flatMap((r, i) => (r.split === 'train' ? [i] : []));
    const { train: t, val: v } = options.fractions;
    const share = t + v > 0 ? v / (t + v) : 0;
    const carved = stratifiedSplit(
      train.map((i) => by.map((a) => records[i].categorical[a] ?? '?').join('|')),
      deriveSeed(options.seed, 'val-from-train'),
      { train: 1 - share, val: share, test: 0 },
    );
    train.forEach((i, k) => (codes[i] = carved[k]));
  }
  return {
    codes,
    info: { kind: 'predefined', seed: options.seed, fractions: options.fractions, by },
    excluded: [],
  };
}
