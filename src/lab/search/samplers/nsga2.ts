/**
 * Optuna 3.1's NSGAIISampler with its defaults: population 50 (configurable), crossover
 * probability 0.9, uniform crossover with swapping probability 0.5, mutation probability
 * 1 / (number of parameters), binary tournament parent selection by (constrained) domination,
 * and generations: generation g + 1 breeds from the elite of g's COMPLETE trials merged with
 * the previous elite, once g has `populationSize` of them. A mutated parameter, a parameter
 * outside the intersection search space (e.g. FR-NAS's conditional learning rates) and every
 * parameter of generation 0 are drawn at random (`sample_independent`), as in Optuna.
 *
 * Only COMPLETE trials (full budget) breed, so under Hyperband the low rungs only feed ParEGO.
 * Optuna draws from one RandomState for the whole study; the lab derives a stream per trial
 * from (seed, number), so a resumed study continues the same sequence. Optuna caches each
 * generation's elite in study system attrs; the lab recomputes it (same result when no trial
 * of a fixed generation completes late).
 */
import { isSingle, sameDistribution, type Distribution, type ParamValue } from '../distributions';
import { completeValues, type FrozenTrial } from '../frozen-trial';
import type { Sampler, SamplerContext } from '../sampler';
import { drawRandom } from '../unit-space';
import { createRng, deriveSeed, type Rng } from '../../util/rng';
import {
  constrainedDominates,
  dominatesMin,
  individualOf,
  selectElitePopulation,
  type Dominance,
  type Individual,
} from './nsga2-selection';

export const GENERATION_KEY = 'nsga2:generation';

export interface Nsga2Options {
  populationSize?: number;
  /** Default 1 / (number of parameters). */
  mutationProb?: number;
  crossoverProb?: number;
  swappingProb?: number;
}

/** Optuna's IntersectionSearchSpace over COMPLETE trials, minus single-valued distributions. */
export function intersectionSearchSpace(trials: readonly FrozenTrial[]): Record<string, Distribution> {
  let space: Record<string, Distribution> | undefined;
  for (let i = trials.length - 1; i >= 0; i--) {
    const t = trials[i];
    if (t.state !== 'COMPLETE') continue;
    if (!space) {
      space = { ...t.distributions };
      continue;
    }
    space = Object.fromEntries(
      Object.entries(space).filter(
        ([name, d]) => t.distributions[name] && sameDistribution(t.distributions[name], d),
      ),
    );
  }
  return Object.fromEntries(Object.entries(space ?? {}).filter(([, d]) => !isSingle(d)));
}

/** Optuna's `_collect_parent_population`: the last complete generation's elite. */
export function collectParentPopulation(
  trials: readonly FrozenTrial[],
  populationSize: number,
  dominates: Dominance,
): { generation: number; population: Individual[] } {
  const byGeneration = new Map<number, Individual[]>();
  for (const t of trials) {
    const g = t.systemAttrs[GENERATION_KEY];
    const values = completeValues(t);
    if (typeof g !== 'number' || !values) continue;
    byGeneration.set(g, [...(byGeneration.get(g) ?? []), individualOf(t, values)]);
  }
  let parents: Individual[] = [];
  let generation = -1;
  for (;;) {
    const population = byGeneration.get(generation + 1) ?? [];
    if (population.length < populationSize) break;
    parents = selectElitePopulation([...population, ...parents], populationSize, dominates);
    generation += 1;
  }
  return { generation, population: parents };
}

function selectParent(population: readonly Individual[], rng: Rng, dominates: Dominance): Individual {
  const a = population[rng.int(population.length)];
  const b = population[rng.int(population.length)];
  return dominates(a, b) ? a : b;
}

export function nsga2Sampler(options: Nsga2Options = {}): Sampler {
  const populationSize = options.populationSize ?? 50;
  const crossoverProb = options.crossoverProb ?? 0.9;
  const swappingProb = options.swappingProb ?? 0.5;
  if (!Number.isInteger(populationSize) || populationSize < 2)
    throw new Error(`NSGA-II population size must be an integer ≥ 2 (got ${populationSize})`);

  const sampleRelative = (ctx: SamplerContext) => {
    const dominates = ctx.constrained ? constrainedDominates : dominatesMin;
    const { generation, population } = collectParentPopulation(ctx.trials, populationSize, dominates);
    const systemAttrs = { [GENERATION_KEY]: generation + 1 };
    if (generation < 0) return { params: {}, systemAttrs };

    const rng = createRng(deriveSeed(ctx.seed, `nsga2:${ctx.number}`));
    const space = intersectionSearchSpace(ctx.trials);
    const paramsOf = new Map(ctx.trials.map((t) => [t.number, t.params]));
    const names = Object.keys(space);
    const categoricalNames = names.filter((n) => space[n].type === 'categorical');
    const numericalNames = names.filter((n) => space[n].type !== 'categorical');

    let child: Record<string, ParamValue> = {};
    if (rng.next() < crossoverProb) {
      const p0 = selectParent(population, rng, dominates);
      const p1 = selectParent(
        population.filter((p) => p.number !== p0.number),
        rng,
        dominates,
      );
      const parents = [paramsOf.get(p0.number)!, paramsOf.get(p1.number)!];
      // Uniform crossover: categorical masks, then numerical ones (Optuna's order).
      for (const group of [categoricalNames, numericalNames])
        for (const name of group) child[name] = parents[rng.next() >= swappingProb ? 1 : 0][name];
    } else {
      const parent = paramsOf.get(population[rng.int(population.length)].number)!;
      child = Object.fromEntries([...categoricalNames, ...numericalNames].map((n) => [n, parent[n]]));
    }

    const n = Object.keys(child).length;
    const mutationProb = options.mutationProb ?? 1 / Math.max(1, n);
    const params: Record<string, ParamValue> = {};
    for (const name of Object.keys(child)) if (rng.next() >= mutationProb) params[name] = child[name];
    return { params, systemAttrs };
  };

  return {
    name: 'nsga2',
    settings: () => ({
      name: 'nsga2',
      populationSize,
      mutationProb: options.mutationProb ?? null,
      crossoverProb,
      swappingProb,
    }),
    sampleRelative,
    sampleIndependent: (ctx, _name, d) => drawRandom(d, ctx.rng),
  };
}
