import { identificationReport, type IdentificationReport } from '../fairness';
import { nearestNeighbourRanks } from '../fairness/ranks';
import type { SplitName } from '../data/types';
import type { SplitEmbeddings } from './embed';

/** An identification model's result per group: FR-NAS's metrics from leave-one-out ranks. */
export interface IdentificationEvaluation {
  kind: 'identification';
  split: SplitName;
  target: string;
  groupAttribute: string;
  /** Probes ranked (those with a group and another image of their identity). */
  n: number;
  /** Share of probes whose nearest identity (by cosine) is their own: rank_by_id = 0. */
  accuracy: number;
  error: number;
  rankDisparity: number | null;
  byGroup: Record<string, { accuracy: number; mean_rank: number; count: number }>;
  report: IdentificationReport;
}

export interface IdentificationOptions {
  bootstrap?: number;
  seed?: number;
}

/**
 * Ranks every image of the split against all others by cosine similarity (FR-NAS's rank_by_id,
 * `fairness/ranks.ts`), then builds the identification report over the probes that have a group.
 * Groups are ordered as the attribute's values (the first is the a of FR-NAS's a/b ratios).
 */
export async function evaluateIdentification(
  embedded: SplitEmbeddings,
  groupAttribute: string,
  options: IdentificationOptions = {},
): Promise<IdentificationEvaluation> {
  const codes = embedded.groups[groupAttribute];
  const values = embedded.groupValues[groupAttribute];
  if (!codes || !values) throw new Error(`Embeddings carry no sensitive attribute "${groupAttribute}"`);
  const { rankById } = await nearestNeighbourRanks(embedded.embeddings, embedded.dim, embedded.identities);
  const ranks: number[] = [];
  const groups: string[] = [];
  for (let i = 0; i < rankById.length; i++) {
    if (codes[i] < 0) continue;
    ranks.push(rankById[i]);
    groups.push(values[codes[i]]);
  }
  const present = values.filter((v) => groups.includes(v));
  const report = identificationReport({
    ranks,
    groups,
    order: present,
    bootstrap: options.bootstrap ?? 1000,
    seed: options.seed ?? 0,
  });
  const byGroup = Object.fromEntries(
    Object.entries(report.by_group).map(([g, m]) => [
      g,
      { accuracy: m.acc, mean_rank: m.mean_rank, count: m.count },
    ]),
  );
  const n = Object.values(report.by_group).reduce((sum, g) => sum + g.count, 0);
  const error = report.error ?? 1;
  return {
    kind: 'identification',
    split: embedded.split,
    target: embedded.target,
    groupAttribute,
    n,
    accuracy: 1 - error,
    error,
    rankDisparity: report.rank_disparity,
    byGroup,
    report,
  };
}
