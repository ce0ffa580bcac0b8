/**
 * Pareto tools for accuracy/fairness trade-offs: dominance, non-dominated sorting (any
 * number of objectives, each minimised or maximised), the exact 2-D hypervolume, and
 * which points dominate a baseline. Points are arrays of objective values.
 */

export type Sense = 'min' | 'max';

function check(point: readonly number[], senses: readonly Sense[]): void {
  if (point.length !== senses.length)
    throw new Error(`point has ${point.length} objectives, senses ${senses.length}`);
  if (point.some((v) => !Number.isFinite(v)))
    throw new Error(`objective values must be finite: [${point.join(', ')}]`);
}

/** True when a is at least as good as b in every objective and strictly better in one. */
export function dominates(a: readonly number[], b: readonly number[], senses: readonly Sense[]): boolean {
  let better = false;
  for (let k = 0; k < senses.length; k++) {
    const d = senses[k] === 'min' ? b[k] - a[k] : a[k] - b[k];
    if (d < 0) return false;
    if (d > 0) better = true;
  }
  return better;
}

/**
 * Fronts of point indices, best first (Deb et al.'s fast non-dominated sort, O(M·N²)).
 * Front 0 is the Pareto front; equal points share a front.
 */
export function nonDominatedSort(
  points: readonly (readonly number[])[],
  senses: readonly Sense[],
): number[][] {
  points.forEach((p) => check(p, senses));
  const n = points.length;
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const dominatorCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i], points[j], senses)) {
        dominated[i].push(j);
        dominatorCount[j]++;
      } else if (dominates(points[j], points[i], senses)) {
        dominated[j].push(i);
        dominatorCount[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = [...Array(n).keys()].filter((i) => dominatorCount[i] === 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominated[i]) if (--dominatorCount[j] === 0) next.push(j);
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Indices of the non-dominated points. */
export function paretoFront(points: readonly (readonly number[])[], senses: readonly Sense[]): number[] {
  return nonDominatedSort(points, senses)[0] ?? [];
}

/**
 * Exact area dominated by the points and bounded by the reference point (2 objectives).
 * Points that do not strictly beat the reference in both objectives add nothing.
 */
export function hypervolume2d(
  points: readonly (readonly number[])[],
  reference: readonly [number, number],
  senses: readonly [Sense, Sense] = ['min', 'min'],
): number {
  check(reference, senses);
  const sign = senses.map((s) => (s === 'min' ? 1 : -1));
  const [rx, ry] = [reference[0] * sign[0], reference[1] * sign[1]];
  const inside = points
    .map((p) => (check(p, senses), [p[0] * sign[0], p[1] * sign[1]]))
    .filter(([x, y]) => x < rx && y < ry)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let floor = ry;
  for (const [x, y] of inside) {
    if (y >= floor) continue;
    area += (rx - x) * (floor - y);
    floor = y;
  }
  return area;
}

/** Indices of the points that dominate the baseline (e.g. models beating the unmitigated one). */
export function dominatorsOf(
  points: readonly (readonly number[])[],
  baseline: readonly number[],
  senses: readonly Sense[],
): number[] {
  check(baseline, senses);
  const out: number[] = [];
  points.forEach((p, i) => {
    check(p, senses);
    if (dominates(p, baseline, senses)) out.push(i);
  });
  return out;
}

/**
 * The 2-D hypervolume after each point in order (a hypervolume-over-trials curve); `null`
 * entries (trials that cannot count) keep the previous value.
 */
export function prefixHypervolumes2d(
  points: readonly (readonly number[] | null)[],
  reference: readonly [number, number],
  senses: readonly [Sense, Sense] = ['min', 'min'],
): number[] {
  const seen: (readonly number[])[] = [];
  let current = 0;
  return points.map((p) => {
    if (p) {
      seen.push(p);
      current = hypervolume2d(seen, reference, senses);
    }
    return current;
  });
}
