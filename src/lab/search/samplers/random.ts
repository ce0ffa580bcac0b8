/** Optuna's RandomSampler: every parameter drawn independently and uniformly (log where asked). */
import type { Sampler } from '../sampler';
import { drawRandom } from '../unit-space';

export function randomSampler(): Sampler {
  return {
    name: 'random',
    settings: () => ({ name: 'random' }),
    sampleRelative: () => ({ params: {} }),
    sampleIndependent: (ctx, _name, distribution) => drawRandom(distribution, ctx.rng),
  };
}
