/**
 * ParEGO as SMAC3 runs it inside `MultiFidelityFacade` (what FR-NAS used):
 *  1. a random initial design (SMAC's `RandomInitialDesign`; FR-NAS used 10 configurations);
 *  2. then, for each new configuration, with probability 0.2 a random one (SMAC's
 *     `ProbabilityRandomDesign(0.2)` interleaving), otherwise:
 *  3. the observations at the highest budget that has any (SMAC's `ConfigSelector` with
 *     `min_trials` = 1), objectives normalised over all observations so far, scalarised with a
 *     fresh ParEGO weight vector, a random forest fitted to them, and the configuration with the
 *     highest expected improvement (ξ = 0, η = the lowest predicted cost of an observed
 *     configuration) from random candidates plus a local search, skipping configurations the
 *     study already holds.
 *
 * Deviations, on purpose: SMAC refits every 8 configurations (`retrain_after`); the lab refits
 * for every one (a trial costs minutes, a fit milliseconds; ParEGO's paper draws one weight
 * vector per evaluation too), which also keeps the sampler a pure function of the history, so a
 * resumed study continues the same sequence. SMAC log-scales costs before the forest
 * (`RunHistoryLogScaledEncoder`); ParEGO's costs already lie in [0, 1 + ρ], so the lab does not.
 * Constraints are not modelled (SMAC has none); infeasible trials are scalarised like the rest.
 */
import { isFinished } from '../frozen-trial';
import type { Sampler, SamplerContext } from '../sampler';
import { configKey } from '../space';
import { drawRandom } from '../unit-space';
import { createRng, deriveSeed } from '../../util/rng';
import {
  maximizeAcquisition,
  randomConfiguration,
  type AcquisitionSearchOptions,
} from './acquisition-search';
import { encode, encodingLayout } from './config-encoding';
import { expectedImprovement } from './expected-improvement';
import { normalizeCosts, objectiveBounds, paregoCost, paregoWeights, PAREGO_RHO } from './parego';
import { RandomForest, type ForestOptions } from './random-forest';

export interface ParegoOptions {
  /** Random configurations before the first model (default 10, FR-NAS's). */
  initialDesign?: number;
  rho?: number;
  /** Probability of an interleaved random configuration (SMAC: 0.2). */
  randomProbability?: number;
  acquisition?: AcquisitionSearchOptions;
  forest?: ForestOptions;
}

/** FR-NAS's 10 initial configurations, at most a quarter of the trials (SMAC's `max_ratio`), at least 2. */
export function defaultInitialDesign(nTrials: number): number {
  return Math.min(10, Math.max(2, Math.floor(nTrials / 4)));
}

export function paregoSampler(options: ParegoOptions = {}): Sampler {
  const initialDesign = options.initialDesign ?? 10;
  const rho = options.rho ?? PAREGO_RHO;
  const randomProbability = options.randomProbability ?? 0.2;

  const sample = (ctx: SamplerContext) => {
    const rng = createRng(deriveSeed(ctx.seed, `parego:${ctx.number}`));
    const random = (origin: string) => ({
      params: randomConfiguration(ctx.space, rng).params,
      systemAttrs: { 'parego:origin': origin },
    });
    if (ctx.sampledBefore < initialDesign) return random('initial design');

    const observations = ctx.trials.flatMap((t) =>
      t.results
        .filter((r) => r.state === 'COMPLETE' && r.values)
        .map((r) => ({ trial: t, budget: r.budget, values: r.values! })),
    );
    if (observations.length === 0) return random('no observations');
    if (rng.next() < randomProbability) return random('random design');

    const bounds = objectiveBounds(observations.map((o) => o.values));
    const budget = Math.max(...observations.map((o) => o.budget));
    const train = observations.filter((o) => o.budget === budget);
    const theta = paregoWeights(rng, bounds.min.length);
    const layout = encodingLayout(ctx.trials);
    const x = train.map((o) => encode(layout, o.trial.params));
    const y = train.map((o) => paregoCost(normalizeCosts(o.values, bounds), theta, rho));
    const forest = new RandomForest(options.forest).fit(x, y, rng, layout.categories);
    const eta = Math.min(...x.map((row) => forest.predict(row).mean));

    const processed = new Set(ctx.trials.map((t) => configKey(t.params)));
    const candidates = maximizeAcquisition({
      space: ctx.space,
      acquisition: (params) => {
        const p = forest.predict(encode(layout, params));
        return expectedImprovement(p.mean, p.variance, eta);
      },
      previous: ctx.trials.filter((t) => isFinished(t.state) || t.results.length > 0),
      rng,
      options: options.acquisition,
    });
    const best = candidates.find((c) => !processed.has(configKey(c.params)));
    if (!best) return random('no new candidate');
    return {
      params: best.params,
      systemAttrs: {
        'parego:origin': best.origin === 'local' ? 'local search' : 'random search',
        'parego:theta': theta,
        'parego:budget': budget,
        'parego:ei': best.acquisition,
      },
    };
  };

  return {
    name: 'parego',
    settings: () => ({
      name: 'parego',
      initialDesign,
      rho,
      randomProbability,
      acquisition: options.acquisition ?? {},
      forest: options.forest ?? {},
    }),
    sampleRelative: sample,
    sampleIndependent: (ctx, _name, d) => drawRandom(d, ctx.rng),
  };
}
