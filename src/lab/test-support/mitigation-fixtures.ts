/** Seeded synthetic scores for the post-processing tests: two groups with different base rates and score quality. */
import { toCsv } from '../util/csv';
import { createRng } from '../util/rng';
import type { ScoredRows } from '../mitigation/scores-csv';

export interface SyntheticGroup {
  name: string;
  n: number;
  /** Share of positives. */
  baseRate: number;
  /** Separation of the classes' score means, in standard deviations. */
  separation: number;
  /** Added to every score's logit (a miscalibrated group). */
  shift: number;
}

export const TWO_GROUPS: SyntheticGroup[] = [
  { name: 'A', n: 600, baseRate: 0.5, separation: 2.5, shift: 0.4 },
  { name: 'B', n: 400, baseRate: 0.3, separation: 1.2, shift: -0.4 },
];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Scores in (0, 1), rounded to 3 decimals so that ties occur as in real outputs. */
export function syntheticScores(seed: number, groups: SyntheticGroup[] = TWO_GROUPS): ScoredRows {
  const rng = createRng(seed);
  const labels: number[] = [];
  const scores: number[] = [];
  const names: string[] = [];
  for (const g of groups) {
    for (let i = 0; i < g.n; i++) {
      const y = rng.next() < g.baseRate ? 1 : 0;
      const logit = (y ? g.separation / 2 : -g.separation / 2) + g.shift + rng.normal();
      labels.push(y);
      scores.push(Math.round(sigmoid(logit) * 1000) / 1000);
      names.push(g.name);
    }
  }
  return { labels: Uint8Array.from(labels), scores: Float64Array.from(scores), groups: names };
}

/** The same rows as a predictions CSV: file,y_true,y_pred,score,group[,split]. */
export function syntheticCsv(rows: ScoredRows, split?: (i: number) => string): string {
  const header = ['file', 'y_true', 'y_pred', 'score', 'group', ...(split ? ['split'] : [])];
  const body = Array.from(rows.labels, (y, i) => [
    `img${i}.png`,
    y,
    rows.scores[i] >= 0.5 ? 1 : 0,
    rows.scores[i],
    rows.groups[i],
    ...(split ? [split(i)] : []),
  ]);
  return toCsv(header, body);
}
