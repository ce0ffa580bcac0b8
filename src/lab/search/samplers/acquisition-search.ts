/**
 * Maximises an acquisition function over a define-by-run space the way SMAC3's
 * `LocalAndSortedRandomSearch` does: random configurations sorted by acquisition value, plus
 * a local search (hill climbing over the one-exchange neighbourhood, as ConfigSpace defines it:
 * every other choice of one categorical, or 4 Gaussian steps of σ = 0.2 in the unit space of
 * one numeric parameter) from the best previous and random configurations. Every candidate is
 * made by running the space, so conditional parameters stay consistent (a new optimiser brings
 * its own learning rate).
 */
import { contains, sameDistribution, type Distribution, type ParamValue } from '../distributions';
import { configKey, fixedSource, realise, type Configuration, type SearchSpace } from '../space';
import { drawRandom, fromUnit, toUnit } from '../unit-space';
import type { Rng } from '../../util/rng';

export interface AcquisitionSearchOptions {
  /** Random configurations scored (SMAC's HPO facade: 10,000 challengers). */
  randomCandidates?: number;
  /** Local searches started (SMAC: `local_search_iterations` = 10). */
  localSearchStarts?: number;
  maxLocalSteps?: number;
}

export interface ScoredConfiguration extends Configuration {
  acquisition: number;
  origin: 'random' | 'local';
}

export function randomConfiguration(
  space: SearchSpace,
  rng: Rng,
  known: Readonly<Record<string, Distribution>> = {},
): Configuration {
  return realise(space, (_name, d) => drawRandom(d, rng), known);
}

const fits = (_name: string, d: Distribution, v: ParamValue) => contains(d, v);

function neighbours(space: SearchSpace, config: Configuration, rng: Rng): Configuration[] {
  const out: Configuration[] = [];
  const rebuild = (name: string, value: ParamValue) => {
    const params = { ...config.params, [name]: value };
    const n = realise(
      space,
      fixedSource(
        params,
        (_n, d) => drawRandom(d, rng),
        (k, d, v) => {
          const before = config.distributions[k];
          return fits(k, d, v) && (k === name || !before || sameDistribution(before, d));
        },
      ),
    );
    if (configKey(n.params) !== configKey(config.params)) out.push(n);
  };
  for (const [name, d] of Object.entries(config.distributions)) {
    const value = config.params[name];
    if (d.type === 'categorical') {
      for (const c of d.choices) if (c !== value) rebuild(name, c);
    } else {
      const u = toUnit(d, value as number);
      for (let k = 0; k < 4; k++) {
        const v = fromUnit(d, u + 0.2 * rng.normal());
        if (v !== value) rebuild(name, v);
      }
    }
  }
  return out;
}

function localSearch(
  space: SearchSpace,
  start: ScoredConfiguration,
  acquisition: (params: Record<string, ParamValue>) => number,
  rng: Rng,
  maxSteps: number,
): ScoredConfiguration {
  let current = start;
  for (let step = 0; step < maxSteps; step++) {
    let best: ScoredConfiguration | undefined;
    for (const n of neighbours(space, current, rng)) {
      const a = acquisition(n.params);
      if (a > (best?.acquisition ?? current.acquisition)) best = { ...n, acquisition: a, origin: 'local' };
    }
    if (!best) break;
    current = best;
  }
  return current;
}

/** Candidates by decreasing acquisition value (random ones first among ties, as in SMAC). */
export function maximizeAcquisition(args: {
  space: SearchSpace;
  acquisition: (params: Record<string, ParamValue>) => number;
  previous: readonly Configuration[];
  rng: Rng;
  options?: AcquisitionSearchOptions;
}): ScoredConfiguration[] {
  const { space, acquisition, previous, rng } = args;
  const nRandom = args.options?.randomCandidates ?? 1000;
  const nStarts = args.options?.localSearchStarts ?? 10;
  const maxSteps = args.options?.maxLocalSteps ?? 50;

  const random: ScoredConfiguration[] = [];
  for (let i = 0; i < nRandom; i++) {
    const c = randomConfiguration(space, rng);
    random.push({ ...c, acquisition: acquisition(c.params), origin: 'random' });
  }
  random.sort((a, b) => b.acquisition - a.acquisition);

  const starts = [
    ...previous.map((c): ScoredConfiguration => ({
      ...c,
      acquisition: acquisition(c.params),
      origin: 'local',
    })),
    ...random,
  ]
    .sort((a, b) => b.acquisition - a.acquisition)
    .slice(0, nStarts);
  const local = starts.map((s) => localSearch(space, s, acquisition, rng, maxSteps));
  return [...random, ...local].sort((a, b) => b.acquisition - a.acquisition);
}
