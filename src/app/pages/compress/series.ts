/**
 * The Compress page's chart data, from a sweep and (optionally) published results: pure
 * functions, so the number of points per series is tested without a browser.
 */
import type { PublishedResults } from '../../../lab/compress/published';
import type { SettingSummary, SweepRecord } from '../../../lab/compress/sweep-types';

export type SizeKind = 'deflate' | 'raw';

export interface Point {
  x: number;
  y: number;
  label: string;
}

export interface Series {
  name: string;
  points: Point[];
  /** Published results are drawn dashed. */
  published: boolean;
}

const sizeOf = (s: SettingSummary, kind: SizeKind) => (kind === 'deflate' ? s.sizeDeflateBytes : s.sizeBytes);

function bySeries(
  settings: SettingSummary[],
  value: (s: SettingSummary) => number | null,
  x: (s: SettingSummary) => number,
): Series[] {
  const map = new Map<string, Point[]>();
  for (const s of settings) {
    const y = value(s);
    if (y === null || !Number.isFinite(y)) continue;
    if (!map.has(s.method)) map.set(s.method, []);
    map.get(s.method)!.push({ x: x(s), y, label: s.key });
  }
  return [...map].map(([name, points]) => ({
    name,
    points: points.sort((a, b) => a.x - b.x),
    published: false,
  }));
}

/** Size (bytes, or relative to the uncompressed model) against accuracy: one series per technique. */
export function sizeAccuracySeries(record: SweepRecord, kind: SizeKind, relative: boolean): Series[] {
  const base = sizeOf(record.settings[0], kind);
  return bySeries(
    record.settings,
    (s) => s.accuracy,
    (s) => sizeOf(s, kind) / (relative ? base : 1),
  );
}

export function sizeDisparitySeries(record: SweepRecord, kind: SizeKind, relative: boolean): Series[] {
  const base = sizeOf(record.settings[0], kind);
  return bySeries(
    record.settings,
    (s) => s.disparity,
    (s) => sizeOf(s, kind) / (relative ? base : 1),
  );
}

/** The published rows of one dataset as size-accuracy series (their sizes are zip sizes). */
export function publishedSizeSeries(
  published: PublishedResults,
  dataset: string,
  relative: boolean,
): Series[] {
  const rows = published.rows.filter((r) => r.dataset === dataset);
  const base = rows.find((r) => r.method === 'baseline')?.sizeBytes;
  const map = new Map<string, Point[]>();
  for (const r of rows) {
    if (relative && !base) continue;
    const name = `${dataset} (published): ${r.method}`;
    if (!map.has(name)) map.set(name, []);
    map.get(name)!.push({
      x: r.sizeBytes / (relative ? base! : 1),
      y: r.accuracy,
      label: `${r.method} ${r.param ?? ''}`.trim(),
    });
  }
  return [...map].map(([name, points]) => ({
    name,
    points: points.sort((a, b) => a.x - b.x),
    published: true,
  }));
}

/** Techniques whose settings vary one number (sparsity, k, filter fraction): the per-group chart's choices. */
export function parametricMethods(record: SweepRecord): string[] {
  return [...new Set(record.settings.filter((s) => typeof s.param === 'number').map((s) => s.method))];
}

/** Pruning starts from the uncompressed model: sparsity 0 is the baseline. */
const startsAtZero = (method: string) => method.startsWith('prune');

export interface GroupRow {
  x: number;
  [key: string]: number | [number, number] | undefined;
}

/** One row per parameter value: each group's accuracy and its CI band ([low, high]). */
export function groupAccuracyRows(
  record: SweepRecord,
  method: string,
): { rows: GroupRow[]; groups: string[] } {
  const chosen = record.settings.filter((s) => s.method === method && typeof s.param === 'number');
  const withBase = startsAtZero(method) ? [{ ...record.settings[0], param: 0 }, ...chosen] : chosen;
  const groups = Object.keys(record.settings[0].byGroup);
  const rows = withBase
    .map((s) => {
      const row: GroupRow = { x: s.param as number };
      for (const g of groups) {
        const v = s.byGroup[g];
        if (!v) continue;
        row[g] = v.accuracy;
        if (v.ci) row[`${g}__band`] = [v.ci[0], v.ci[1]];
      }
      return row;
    })
    .sort((a, b) => a.x - b.x);
  return { rows, groups };
}

/** The published per-group accuracies of the technique the lab's method matches (e.g. prune ↔ pruned_model). */
export function publishedGroupSeries(published: PublishedResults, dataset: string, method: string): Series[] {
  const rows = published.rows.filter(
    (r) =>
      r.dataset === dataset && (r.method === method || (startsAtZero(method) && r.method === 'baseline')),
  );
  const groups = [...new Set(rows.flatMap((r) => Object.keys(r.byGroup)))];
  return groups
    .map((g) => ({
      name: `${dataset} (published): ${g}`,
      published: true,
      points: rows
        .filter((r) => r.byGroup[g] !== undefined && (r.param !== null || r.method === 'baseline'))
        .map((r) => ({
          x: r.method === 'baseline' ? 0 : r.param!,
          y: r.byGroup[g],
          label: `${r.method} ${r.param ?? ''}`.trim(),
        }))
        .sort((a, b) => a.x - b.x),
    }))
    .filter((s) => s.points.length > 0 && rows.some((r) => r.method === method));
}

/** {series name: number of points}: what the charts expose for tests. */
export function pointCounts(series: Series[]): Record<string, number> {
  return Object.fromEntries(series.map((s) => [s.name, s.points.length]));
}
