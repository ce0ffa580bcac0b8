/**
 * Percentile bootstrap for the classification report, resampling rows within each group,
 * computed on sufficient statistics instead of rows.
 *
 * Resampling n_g rows with replacement from group g only changes how many rows land in each
 * "unit" = (confusion cell, sample weight value): the unit counts are one
 * Multinomial(n_g, unit counts / n_g) draw. So a replicate costs O(units), not O(rows):
 *  - unweighted data: units = the K×K confusion cells — exact;
 *  - weighted data with ≤ MAX_EXACT_WEIGHTS distinct weights in a cell: one unit per
 *    (cell, weight) — exact;
 *  - a cell with more distinct weights: one unit carrying the cell's mean and variance of
 *    weight; given its count x, the resampled weight sum is drawn as
 *    Normal(x·mean, x·variance), clamped at 0 (CLT) — approximate.
 * ROC-AUC is resampled on its own, as a multinomial over score cells (distinct score,
 * label, group) with each cell's mean weight (exact when unweighted); it is skipped when
 * score cells × replicates exceeds MAX_AUC_WORK. Its intervals are exact marginals.
 * The overall row pools the resampled groups (a stratified bootstrap).
 */
import type { Rng } from '../util/rng';
import { createRng } from '../util/rng';
import type { Aif360Metrics } from './aif360';
import { AIF360_NAMES, aif360Metrics } from './aif360';
import type { ScoreCells } from './auc';
import { aucFromCells } from './auc';
import { multinomial } from './binomial';
import type { Codes, ConfusionSet } from './confusion';
import type { DisparityMethod } from './disparities';
import { computeDisparities } from './disparities';
import type { Interval } from './percentile';
import { ReplicateRecorder } from './percentile';
import type { AucValues, GroupMetrics, MetricTable } from './table';
import { RATE_NAMES, buildTable } from './table';

export const MAX_EXACT_WEIGHTS = 32;
export const MAX_AUC_WORK = 3e7;

export interface CiBlock {
  method: 'percentile';
  level: number;
  replicates: number;
  seed: number;
  resampling: string;
  overall: Record<string, Interval | null>;
  by_group: Record<string, Record<string, Interval | null>>;
  disparities: Record<string, Interval | null>;
  aif360?: Record<string, Interval | null>;
}

/** Resampling units of one group: each unit adds count·weight (± spread) to one cell. */
interface GroupUnits {
  cell: Int32Array;
  count: Float64Array;
  weight: Float64Array;
  /** Standard deviation of the weights in the unit; 0 for an exact unit. */
  sd: Float64Array;
  rows: number;
}

interface CellWeights {
  byValue: Map<number, number> | null;
  count: number;
  sum: number;
  sumSq: number;
}

/** Builds the units of every group from encoded rows (cell index = t·K + p within a group). */
export function buildUnits(
  set: ConfusionSet,
  codes: Codes,
  weights?: ArrayLike<number>,
): { units: GroupUnits[]; exact: boolean } {
  const k = set.classes.length;
  const kk = k * k;
  const groupCount = set.groups.length;
  if (!weights) {
    const units = set.groups.map((_, g) =>
      unitsFromCounts(set.weight.subarray(g * kk, (g + 1) * kk), set.rows[g]),
    );
    return { units, exact: true };
  }
  const cells: (CellWeights | undefined)[] = new Array(groupCount * kk);
  for (let i = 0; i < codes.t.length; i++) {
    const index = codes.g[i] * kk + codes.t[i] * k + codes.p[i];
    const w = weights[i];
    const c = (cells[index] ??= { byValue: new Map(), count: 0, sum: 0, sumSq: 0 });
    c.count++;
    c.sum += w;
    c.sumSq += w * w;
    if (c.byValue) {
      c.byValue.set(w, (c.byValue.get(w) ?? 0) + 1);
      if (c.byValue.size > MAX_EXACT_WEIGHTS) c.byValue = null;
    }
  }
  let exact = true;
  const units = set.groups.map((_, g) => {
    const list: [cell: number, count: number, weight: number, sd: number][] = [];
    for (let c = 0; c < kk; c++) {
      const entry = cells[g * kk + c];
      if (!entry) continue;
      if (entry.byValue) {
        for (const [w, n] of entry.byValue) list.push([c, n, w, 0]);
      } else {
        exact = false;
        const mean = entry.sum / entry.count;
        list.push([c, entry.count, mean, Math.sqrt(Math.max(0, entry.sumSq / entry.count - mean * mean))]);
      }
    }
    return toUnits(list, set.rows[g]);
  });
  return { units, exact };
}

function unitsFromCounts(counts: Float64Array, rows: number): GroupUnits {
  const list: [number, number, number, number][] = [];
  counts.forEach((n, c) => {
    if (n > 0) list.push([c, n, 1, 0]);
  });
  return toUnits(list, rows);
}

function toUnits(list: [number, number, number, number][], rows: number): GroupUnits {
  return {
    cell: Int32Array.from(list, (u) => u[0]),
    count: Float64Array.from(list, (u) => u[1]),
    weight: Float64Array.from(list, (u) => u[2]),
    sd: Float64Array.from(list, (u) => u[3]),
    rows,
  };
}

function resampleConfusion(
  set: ConfusionSet,
  units: GroupUnits[],
  rng: Rng,
  scratch: Float64Array[],
): ConfusionSet {
  const kk = set.classes.length ** 2;
  const weight = new Float64Array(set.weight.length);
  units.forEach((u, g) => {
    const draw = multinomial(rng, u.rows, u.count, scratch[g]);
    for (let j = 0; j < draw.length; j++) {
      if (draw[j] === 0) continue;
      let w = draw[j] * u.weight[j];
      if (u.sd[j] > 0) w = Math.max(0, w + u.sd[j] * Math.sqrt(draw[j]) * rng.normal());
      weight[g * kk + u.cell[j]] += w;
    }
  });
  return { ...set, weight };
}

/** Per-group indices into the score cells, for resampling AUC within groups. */
function scoreCellGroups(cells: ScoreCells): {
  members: Int32Array[];
  counts: Float64Array[];
  meanWeight: Float64Array;
} {
  const lists: number[][] = Array.from({ length: cells.groupCount }, () => []);
  cells.group.forEach((g, c) => lists[g].push(c));
  const meanWeight = cells.weight.map((w, c) => w / cells.rows[c]);
  return {
    members: lists.map((list) => Int32Array.from(list)),
    counts: lists.map((list) => Float64Array.from(list, (c) => cells.rows[c])),
    meanWeight,
  };
}

export interface BootstrapOptions {
  replicates: number;
  seed: number;
  level: number;
  method: DisparityMethod;
  positive: number;
  privileged?: string;
  scoreCells?: ScoreCells;
}

/** Runs the bootstrap and returns the interval block plus warnings. */
export function bootstrapClassification(
  set: ConfusionSet,
  units: { units: GroupUnits[]; exact: boolean },
  opts: BootstrapOptions,
): { ci: CiBlock; warnings: string[] } {
  const rng = createRng(opts.seed);
  const recorder = new ReplicateRecorder(opts.replicates);
  const warnings: string[] = [];
  const scratch = units.units.map((u) => new Float64Array(u.count.length));
  let scores = opts.scoreCells;
  if (scores && scores.score.length * opts.replicates > MAX_AUC_WORK) {
    warnings.push(
      `ci: roc_auc not bootstrapped (${scores.score.length} distinct scores × ${opts.replicates} replicates is too much work)`,
    );
    scores = undefined;
  }
  const scoreGroups = scores ? scoreCellGroups(scores) : undefined;
  const scoreWeight = scores ? new Float64Array(scores.score.length) : undefined;
  const scoreScratch = scoreGroups?.counts.map((c) => new Float64Array(c.length));

  for (let b = 0; b < opts.replicates; b++) {
    const resampled = resampleConfusion(set, units.units, rng, scratch);
    let auc: AucValues | undefined;
    if (scores && scoreGroups && scoreWeight && scoreScratch) {
      scoreGroups.members.forEach((members, g) => {
        const draw = multinomial(rng, set.rows[g], scoreGroups.counts[g], scoreScratch[g]);
        members.forEach((c, j) => (scoreWeight[c] = draw[j] * scoreGroups.meanWeight[c]));
      });
      auc = { ...aucFromCells(scores, scoreWeight), reasons: [] };
    }
    const table = buildTable(resampled, opts.positive, auc);
    recordReplicate(recorder, b, table, computeDisparities(table, opts.method).values, opts.privileged);
  }

  const { intervals, warnings: undefinedWarnings } = recorder.intervals(opts.level);
  warnings.push(...undefinedWarnings);
  const pick = (prefix: string) => {
    const out: Record<string, Interval | null> = {};
    for (const [name, interval] of intervals)
      if (name.startsWith(prefix)) out[name.slice(prefix.length)] = interval;
    return out;
  };
  const ci: CiBlock = {
    method: 'percentile',
    level: opts.level,
    replicates: opts.replicates,
    seed: opts.seed,
    resampling: units.exact
      ? 'within-group multinomial over confusion cells (exact)'
      : 'within-group multinomial over confusion cells; weight sums of cells with many distinct weights drawn by CLT (approximate)',
    overall: pick('overall/'),
    by_group: Object.fromEntries(set.groups.map((g) => [g, pick(`group/${g}/`)])),
    disparities: pick('disparity/'),
  };
  if (opts.privileged !== undefined) ci.aif360 = pick('aif360/');
  return { ci, warnings };
}

const METRICS = [...RATE_NAMES, 'roc_auc'] as const;

function recordRow(
  recorder: ReplicateRecorder,
  b: number,
  prefix: string,
  row: GroupMetrics,
  binary: boolean,
): void {
  for (const name of METRICS) {
    // Without a positive class only accuracy (and AUC) are defined.
    if (!(name in row) || (!binary && name !== 'accuracy' && name !== 'roc_auc')) continue;
    recorder.record(prefix + name, b, row[name]);
  }
}

function recordReplicate(
  recorder: ReplicateRecorder,
  b: number,
  table: MetricTable,
  disparities: Record<string, number | null>,
  privileged?: string,
): void {
  const binary = table.positive !== null;
  recordRow(recorder, b, 'overall/', table.overall, binary);
  for (const g of table.groups) recordRow(recorder, b, `group/${g}/`, table.by_group[g], binary);
  for (const [name, value] of Object.entries(disparities)) recorder.record(`disparity/${name}`, b, value);
  if (privileged !== undefined && table.confusion) {
    const signed: Aif360Metrics = aif360Metrics(table.confusion, privileged);
    for (const name of AIF360_NAMES) recorder.record(`aif360/${name}`, b, signed[name]);
  }
}
