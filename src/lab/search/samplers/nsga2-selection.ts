/**
 * NSGA-II's survivor selection exactly as Optuna 3.1 writes it (`optuna/samplers/nsgaii/
 * _sampler.py`): fast non-dominated sort (with its swap-and-pop order inside a rank), the
 * elite filled rank by rank, and the rank that overflows cut by crowding distance (Optuna's
 * variant: per objective, the gap between the two neighbours over the finite range, summed;
 * sorted by distance, then reversed). Constrained domination as Optuna's `_constrained_dominates`.
 */
import { CONSTRAINTS_KEY, type FrozenTrial } from '../frozen-trial';

export interface Individual {
  number: number;
  values: readonly number[];
  /** Constraint values (≤ 0 is feasible), when the study has constraints. */
  constraints?: readonly number[];
}

export type Dominance = (a: Individual, b: Individual) => boolean;

/** Optuna's `_dominates` for minimised objectives: ≤ everywhere and not equal. */
export const dominatesMin: Dominance = (a, b) => {
  let equal = true;
  for (let k = 0; k < a.values.length; k++) {
    if (a.values[k] > b.values[k]) return false;
    if (a.values[k] !== b.values[k]) equal = false;
  }
  return !equal;
};

/** Feasible beats infeasible; two infeasible compare by total violation; else plain dominance. */
export const constrainedDominates: Dominance = (a, b) => {
  const ca = a.constraints;
  const cb = b.constraints;
  if (!ca && !cb) return dominatesMin(a, b);
  if (ca && !cb) return true;
  if (!ca && cb) return false;
  const fa = ca!.every((v) => v <= 0);
  const fb = cb!.every((v) => v <= 0);
  if (fa && fb) return dominatesMin(a, b);
  if (fa) return true;
  if (fb) return false;
  const violation = (c: readonly number[]) => c.reduce((s, v) => s + (v > 0 ? v : 0), 0);
  return violation(ca!) < violation(cb!);
};

export function individualOf(trial: FrozenTrial, values: readonly number[]): Individual {
  const c = trial.systemAttrs[CONSTRAINTS_KEY];
  return { number: trial.number, values, constraints: Array.isArray(c) ? (c as number[]) : undefined };
}

/** Optuna's `_fast_non_dominated_sort`, keeping its order of individuals within each rank. */
export function fastNonDominatedSort(
  population: readonly Individual[],
  dominates: Dominance,
): Individual[][] {
  const dominatedCount = new Map<number, number>();
  const dominatesList = new Map<number, number[]>();
  for (let i = 0; i < population.length; i++)
    for (let j = i + 1; j < population.length; j++) {
      const p = population[i];
      const q = population[j];
      if (dominates(p, q)) {
        dominatesList.set(p.number, [...(dominatesList.get(p.number) ?? []), q.number]);
        dominatedCount.set(q.number, (dominatedCount.get(q.number) ?? 0) + 1);
      } else if (dominates(q, p)) {
        dominatesList.set(q.number, [...(dominatesList.get(q.number) ?? []), p.number]);
        dominatedCount.set(p.number, (dominatedCount.get(p.number) ?? 0) + 1);
      }
    }
  const rest = [...population];
  const ranks: Individual[][] = [];
  while (rest.length > 0) {
    const front: Individual[] = [];
    let i = 0;
    while (i < rest.length) {
      if ((dominatedCount.get(rest[i].number) ?? 0) === 0) {
        const individual = rest[i];
        if (i === rest.length - 1) rest.pop();
        else rest[i] = rest.pop()!;
        front.push(individual);
      } else i++;
    }
    for (const x of front)
      for (const y of dominatesList.get(x.number) ?? []) dominatedCount.set(y, dominatedCount.get(y)! - 1);
    ranks.push(front);
  }
  return ranks;
}

/** Optuna's `_calc_crowding_distance` (sorts `population` in place per objective, as Optuna does). */
export function crowdingDistance(population: Individual[]): Map<number, number> {
  const distance = new Map<number, number>(population.map((p) => [p.number, 0]));
  if (population.length === 0) return distance;
  for (let k = 0; k < population[0].values.length; k++) {
    population.sort((a, b) => a.values[k] - b.values[k]);
    if (population[0].values[k] === population[population.length - 1].values[k]) continue;
    const vs = [-Infinity, ...population.map((p) => p.values[k]), Infinity];
    const vMin = vs.find((v) => v !== -Infinity)!;
    const vMax = [...vs].reverse().find((v) => v !== Infinity)!;
    let width = vMax - vMin;
    if (width <= 0) width = 1;
    for (let j = 0; j < population.length; j++) {
      const gap = vs[j] === vs[j + 2] ? 0 : vs[j + 2] - vs[j];
      distance.set(population[j].number, distance.get(population[j].number)! + gap / width);
    }
  }
  return distance;
}

/** Optuna's `_crowding_distance_sort`: by distance (stable), then reversed. */
export function crowdingDistanceSort(population: Individual[]): void {
  const d = crowdingDistance(population);
  population.sort((a, b) => d.get(a.number)! - d.get(b.number)!);
  population.reverse();
}

/** Optuna's `_select_elite_population`. */
export function selectElitePopulation(
  population: readonly Individual[],
  size: number,
  dominates: Dominance,
): Individual[] {
  const elite: Individual[] = [];
  for (const front of fastNonDominatedSort(population, dominates)) {
    if (elite.length + front.length < size) elite.push(...front);
    else {
      crowdingDistanceSort(front);
      elite.push(...front.slice(0, size - elite.length));
      break;
    }
  }
  return elite;
}
