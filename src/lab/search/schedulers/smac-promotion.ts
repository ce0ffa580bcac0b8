/**
 * Which configurations of a rung go on, as SMAC3's successive halving picks them
 * (`_get_best_configs` with `smac/utils/pareto_front.py`): take whole non-dominated fronts until
 * at least n are selected (SMAC's front: a point equal to an earlier one is dropped from it and
 * lands in a later front); if that overshoots, sort all selected by crowding distance (pymoo's
 * variant, largest first, extremes 1e14, ties in order) and keep the first n. Note that SMAC
 * sorts every selected configuration, not only the last front, so a crowded point of the first
 * front can lose to a lone point of the second; the lab does what SMAC does.
 */

export interface RungEntry {
  number: number;
  costs: readonly number[];
}

/** SMAC's `calculate_pareto_front` ("efficient" mask walk), in input order. */
export function smacParetoFront(entries: readonly RungEntry[]): RungEntry[] {
  let kept = [...entries];
  let next = 0;
  while (next < kept.length) {
    const ref = kept[next].costs;
    const mask = kept.map((e, i) => i === next || e.costs.some((c, k) => c < ref[k]));
    const before = mask.slice(0, next).filter(Boolean).length;
    kept = kept.filter((_, i) => mask[i]);
    next = before + 1;
  }
  return kept;
}

/** SMAC's `sort_by_crowding_distance` (from pymoo's NSGA-II), largest distance first. */
export function sortByCrowdingDistance(entries: readonly RungEntry[]): RungEntry[] {
  const n = entries.length;
  if (n <= 2) return [...entries];
  const m = entries[0].costs.length;
  const crowding = new Array<number>(n).fill(0);
  for (let k = 0; k < m; k++) {
    const order = [...entries.keys()].sort((a, b) => entries[a].costs[k] - entries[b].costs[k]);
    const f = order.map((i) => entries[i].costs[k]);
    const dist = [...f, Infinity].map((v, i) => v - (i === 0 ? -Infinity : f[i - 1]));
    const toLast = [...dist];
    for (let i = 0; i < toLast.length; i++) if (dist[i] === 0) toLast[i] = toLast[i - 1];
    const toNext = [...dist];
    for (let i = toNext.length - 1; i >= 0; i--) if (dist[i] === 0) toNext[i] = toNext[i + 1];
    const norm = f[n - 1] - f[0];
    for (let j = 0; j < n; j++) {
      const a = norm === 0 ? 0 : toLast[j] / norm;
      const b = norm === 0 ? 0 : toNext[j + 1] / norm;
      crowding[order[j]] += (Number.isNaN(a) ? 0 : a) + (Number.isNaN(b) ? 0 : b);
    }
  }
  return entries
    .map((e, i) => ({ e, d: crowding[i] / m === Infinity ? 1e14 : crowding[i] / m }))
    .sort((x, y) => y.d - x.d)
    .map((x) => x.e);
}

/** The n configurations SMAC promotes from a fully evaluated rung, in SMAC's order. */
export function smacSelectBest(entries: readonly RungEntry[], n: number): RungEntry[] {
  const count = Math.min(n, entries.length);
  let rest = [...entries];
  const selected: RungEntry[] = [];
  while (selected.length < count) {
    const front = smacParetoFront(rest);
    const ids = new Set(front.map((e) => e.number));
    rest = rest.filter((e) => !ids.has(e.number));
    selected.push(...front);
  }
  return selected.length > count ? sortByCrowdingDistance(selected).slice(0, count) : selected;
}
