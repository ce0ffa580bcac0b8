/**
 * FR-NAS's published results (`*_phase2.csv`: per model, means and stds over seeds of Error,
 * Disparity, Rank Disparity, Ratio, Rank Ratio and Error Ratio) as a labelled series for the
 * scatter. The files name a model by `Model name` (CelebA) or by their first, index column
 * (VGGFace2, which also has the architecture in `Model`).
 */
import { parseCsv } from '../../util/csv';

export interface PublishedPoint {
  label: string;
  /** Every `<metric>_mean` and `<metric>_std` column, e.g. "Error_mean", "Rank Disparity_std". */
  metrics: Record<string, number>;
}

export interface PublishedSeries {
  name: string;
  points: PublishedPoint[];
}

export function readFrnasPhase2Csv(text: string, name: string): PublishedSeries {
  const { header, rows } = parseCsv(text);
  const labelColumn = header.indexOf('Model name') >= 0 ? header.indexOf('Model name') : 0;
  for (const need of ['Error_mean', 'Rank Disparity_mean'])
    if (!header.includes(need)) throw new Error(`${name}: the FR-NAS CSV lacks the column "${need}"`);
  const metricColumns = header.map((h, i) => [h, i] as const).filter(([h]) => /_(mean|std)$/.test(h));
  const points = rows.map((row, r) => {
    const metrics: Record<string, number> = {};
    for (const [h, i] of metricColumns) {
      const v = Number(row[i]);
      if (row[i].trim() === '' || !Number.isFinite(v))
        throw new Error(`${name}: row ${r + 2} has a non-numeric ${h} "${row[i]}"`);
      metrics[h] = v;
    }
    return { label: row[labelColumn], metrics };
  });
  return { name, points };
}

/** The series as (x, y) points: x = rank disparity, y = error by default (the lab's scatter axes). */
export function publishedXY(
  series: PublishedSeries,
  x = 'Rank Disparity_mean',
  y = 'Error_mean',
): { label: string; x: number; y: number }[] {
  return series.points.map((p) => {
    if (!(x in p.metrics) || !(y in p.metrics))
      throw new Error(`${series.name}: no ${x} or ${y} for ${p.label}`);
    return { label: p.label, x: p.metrics[x], y: p.metrics[y] };
  });
}
