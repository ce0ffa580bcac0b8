/**
 * A search as plain settings (what the CLI flags and the Search page's URL hold), and the
 * sampler and scheduler they make. Multi-fidelity (Hyperband on epochs) is on when
 * `minEpochs` < `maxEpochs`; otherwise every trial trains once at `maxEpochs`.
 */
import { searchSpace } from './presets';
import type { Sampler } from './sampler';
import { nsga2Sampler } from './samplers/nsga2';
import { defaultInitialDesign, paregoSampler } from './samplers/parego-sampler';
import { randomSampler } from './samplers/random';
import type { Scheduler } from './scheduler';
import { fullBudget, hyperband } from './schedulers/hyperband';
import type { SearchSpace } from './space';

export const SAMPLER_NAMES = ['random', 'parego', 'nsga2'] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

export interface SearchSettings {
  space: string;
  sampler: SamplerName;
  /** Sampled trials in the study (enqueued baselines run in addition). */
  trials: number;
  minEpochs?: number;
  maxEpochs: number;
  /** Hyperband's η (default 2, as FR-NAS). */
  eta?: number;
  seed: number;
  /** NSGA-II's population (default: Optuna's 50, at most half the trials, at least 2). */
  populationSize?: number;
  /** ParEGO's random initial design (default: FR-NAS's 10, at most a quarter of the trials). */
  initialDesign?: number;
}

export function samplerFor(s: SearchSettings): Sampler {
  if (s.sampler === 'random') return randomSampler();
  if (s.sampler === 'parego')
    return paregoSampler({ initialDesign: s.initialDesign ?? defaultInitialDesign(s.trials) });
  if (s.sampler === 'nsga2')
    return nsga2Sampler({
      populationSize: s.populationSize ?? Math.max(2, Math.min(50, Math.floor(s.trials / 2))),
    });
  throw new Error(`unknown sampler "${String(s.sampler)}" (known: ${SAMPLER_NAMES.join(', ')})`);
}

export function schedulerFor(s: SearchSettings): Scheduler {
  const min = s.minEpochs ?? s.maxEpochs;
  return min < s.maxEpochs
    ? hyperband({ minBudget: min, maxBudget: s.maxEpochs, eta: s.eta ?? 2 })
    : fullBudget(s.maxEpochs);
}

export function spaceFor(s: SearchSettings): SearchSpace {
  return searchSpace(s.space);
}
