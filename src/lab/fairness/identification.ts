/**
 * FR-NAS's identification fairness metrics from per-probe ranks (rank_by_id or
 * rank_by_image; rank 0 = correct), generalised to any number of groups.
 *
 * Per group g: Acc_g = mean[R = 0], Err_g = mean[R ≠ 0], mean rank = mean R.
 * Error = mean[R ≠ 0] over all probes. With the groups in `order` (a = order[0], b = order[1]):
 *   Disparity = |Acc_a − Acc_b|,  Ratio = |1 − Acc_a / Acc_b|,
 *   Rank Disparity = |meanR_a − meanR_b|,  Rank Ratio = |1 − meanR_a / meanR_b|,
 *   Error Ratio = |1 − Err_a / Err_b|.
 * FR-NAS divides male by female, so pass order ['male', 'female'] (the default order is
 * the order of first appearance in the data, which is male first in FR-NAS's files).
 * More than two groups: the differences are max − min over groups, and each ratio is the
 * worst (largest) |1 − x_i / x_j| over the pairs i < j in `order`; with two groups both
 * reduce to FR-NAS's definitions. A ratio with a zero denominator is null.
 */
import { createRng } from '../util/rng';
import { multinomial } from './binomial';
import type { Interval } from './percentile';
import { ReplicateRecorder } from './percentile';
import type { Rate } from './table';

export interface IdentificationGroup {
  acc: number;
  error: number;
  mean_rank: number;
  count: number;
}

export const IDENTIFICATION_NAMES = [
  'error',
  'disparity',
  'ratio',
  'rank_disparity',
  'rank_ratio',
  'error_ratio',
] as const;
export type IdentificationName = (typeof IDENTIFICATION_NAMES)[number];

export type IdentificationReport = Record<IdentificationName, Rate> & {
  kind: 'identification';
  /** Group order used for the a/b ratios. */
  order: string[];
  by_group: Record<string, IdentificationGroup>;
  /** Probes left out (rank < 0: no other image of their identity). */
  excluded: number;
  ci?: {
    method: 'percentile';
    level: number;
    replicates: number;
    seed: number;
    resampling: string;
    metrics: Record<string, Interval | null>;
    by_group: Record<string, Record<string, Interval | null>>;
  };
  warnings: string[];
};

export interface IdentificationInput {
  /** Rank per probe; a negative rank marks an excluded probe. */
  ranks: ArrayLike<number>;
  groups: ArrayLike<string | number>;
  /** Group order for the ratios (default: first appearance). Must name every group. */
  order?: string[];
  bootstrap?: number;
  seed?: number;
  level?: number;
  minCount?: number;
}

/** Per group: histogram of rank values (the sufficient statistic of every metric here). */
interface RankHistogram {
  values: Float64Array;
  counts: Float64Array;
  n: number;
}

function histogram(ranks: number[]): RankHistogram {
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  const values = [...counts.keys()].sort((a, b) => a - b);
  return {
    values: Float64Array.from(values),
    counts: Float64Array.from(values, (v) => counts.get(v) ?? 0),
    n: ranks.length,
  };
}

/** Group summaries from histograms with the given counts (the data's, or a resample's). */
function summarise(h: RankHistogram, counts: ArrayLike<number>): { correct: number; rankSum: number } {
  let correct = 0;
  let rankSum = 0;
  for (let i = 0; i < h.values.length; i++) {
    if (h.values[i] === 0) correct += counts[i];
    rankSum += h.values[i] * counts[i];
  }
  return { correct, rankSum };
}

const absOneMinus = (x: number, y: number): Rate => (y === 0 ? null : Math.abs(1 - x / y));

function worstRatio(values: number[]): Rate {
  let worst: Rate = 0;
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const r = absOneMinus(values[i], values[j]);
      if (r === null) return null;
      worst = Math.max(worst, r);
    }
  }
  return worst;
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

function metricsOf(
  n: number[],
  correct: number[],
  rankSum: number[],
): { metrics: Record<IdentificationName, Rate>; groups: IdentificationGroup[] } {
  const groups = n.map((count, g) => ({
    acc: correct[g] / count,
    error: (count - correct[g]) / count,
    mean_rank: rankSum[g] / count,
    count,
  }));
  const total = n.reduce((a, b) => a + b, 0);
  const errors = n.reduce((sum, count, g) => sum + count - correct[g], 0);
  const acc = groups.map((g) => g.acc);
  const meanRank = groups.map((g) => g.mean_rank);
  const err = groups.map((g) => g.error);
  return {
    metrics: {
      error: errors / total,
      disparity: spread(acc),
      ratio: worstRatio(acc),
      rank_disparity: spread(meanRank),
      rank_ratio: worstRatio(meanRank),
      error_ratio: worstRatio(err),
    },
    groups,
  };
}

export function identificationReport(input: IdentificationInput): IdentificationReport {
  if (input.ranks.length !== input.groups.length) throw new Error('ranks and groups differ in length');
  const byGroup = new Map<string, number[]>();
  let excluded = 0;
  for (let i = 0; i < input.ranks.length; i++) {
    const rank = input.ranks[i];
    if (!Number.isInteger(rank)) throw new Error(`rank at row ${i} is not an integer`);
    if (rank < 0) {
      excluded++;
      continue;
    }
    const group = String(input.groups[i]);
    if (!byGroup.has(group)) byGroup.set(group, []);
    byGroup.get(group)?.push(rank);
  }
  const order = input.order ?? [...byGroup.keys()];
  const missing = [...byGroup.keys()].filter((g) => !order.includes(g));
  if (missing.length > 0) throw new Error(`group order does not name: ${missing.join(', ')}`);
  const present = order.filter((g) => byGroup.has(g));
  if (present.length < 2)
    throw new Error(`only ${present.length} group(s) with ranked probes: need at least two`);

  const hists = present.map((g) => histogram(byGroup.get(g) ?? []));
  const sums = hists.map((h) => summarise(h, h.counts));
  const { metrics, groups } = metricsOf(
    hists.map((h) => h.n),
    sums.map((s) => s.correct),
    sums.map((s) => s.rankSum),
  );
  const minCount = input.minCount ?? 30;
  const warnings = present
    .filter((_, i) => groups[i].count < minCount)
    .map((g) => `group ${g} has ${byGroup.get(g)?.length} probes (< min count ${minCount})`);
  if (excluded > 0) warnings.push(`${excluded} probe(s) excluded: no other image of their identity`);
  const report: IdentificationReport = {
    kind: 'identification',
    ...metrics,
    order: present,
    by_group: Object.fromEntries(present.map((g, i) => [g, groups[i]])),
    excluded,
    warnings,
  };
  if (input.bootstrap && input.bootstrap > 0) report.ci = bootstrapRanks(present, hists, input, warnings);
  return report;
}

/** Within-group bootstrap: a multinomial over each group's rank histogram (exact). */
function bootstrapRanks(
  order: string[],
  hists: RankHistogram[],
  input: IdentificationInput,
  warnings: string[],
): IdentificationReport['ci'] {
  const replicates = Math.floor(input.bootstrap ?? 0);
  const level = input.level ?? 0.95;
  const seed = input.seed ?? 0;
  const rng = createRng(seed);
  const recorder = new ReplicateRecorder(replicates);
  const scratch = hists.map((h) => new Float64Array(h.values.length));
  for (let b = 0; b < replicates; b++) {
    const sums = hists.map((h, g) => summarise(h, multinomial(rng, h.n, h.counts, scratch[g])));
    const { metrics, groups } = metricsOf(
      hists.map((h) => h.n),
      sums.map((s) => s.correct),
      sums.map((s) => s.rankSum),
    );
    for (const name of IDENTIFICATION_NAMES) recorder.record(`metric/${name}`, b, metrics[name]);
    groups.forEach((g, i) => {
      for (const key of ['acc', 'error', 'mean_rank'] as const)
        recorder.record(`group/${order[i]}/${key}`, b, g[key]);
    });
  }
  const { intervals, warnings: undefinedWarnings } = recorder.intervals(level);
  warnings.push(...undefinedWarnings);
  const pick = (prefix: string) =>
    Object.fromEntries(
      [...intervals].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]),
    );
  return {
    method: 'percentile',
    level,
    replicates,
    seed,
    resampling: 'within-group multinomial over rank histograms (exact)',
    metrics: pick('metric/'),
    by_group: Object.fromEntries(order.map((g) => [g, pick(`group/${g}/`)])),
  };
}
