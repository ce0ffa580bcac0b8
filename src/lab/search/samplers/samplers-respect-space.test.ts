import { describe, expect, it } from 'vitest';
import { contains } from '../distributions';
import { SEARCH_SPACES } from '../presets';
import { InMemoryStorage } from '../storage/memory';
import { Study } from '../study';
import { fullBudget, hyperband } from '../schedulers/hyperband';
import { mfZdtProblem } from '../testbed/mf-zdt';
import { realise, type SearchSpace } from '../space';
import type { Sampler } from '../sampler';
import { nsga2Sampler } from './nsga2';
import { paregoSampler } from './parego-sampler';
import { randomSampler } from './random';

/** The parameters a space asks for, given the values it has already chosen. */
function expectedNames(space: SearchSpace, params: Record<string, unknown>): string[] {
  return Object.keys(
    realise(space, (name) => {
      if (!(name in params)) throw new Error(`space asks for ${name}, which the trial lacks`);
      return params[name] as never;
    }).params,
  ).sort();
}

const samplers: [string, () => Sampler][] = [
  ['random', () => randomSampler()],
  ['parego', () => paregoSampler({ initialDesign: 4, acquisition: { randomCandidates: 100 } })],
  ['nsga2', () => nsga2Sampler({ populationSize: 4 })],
];

describe('samplers respect the space and its conditions', () => {
  for (const [samplerName, make] of samplers)
    for (const space of Object.values(SEARCH_SPACES))
      it(`${samplerName} on ${space.name}`, async () => {
        const storage = new InMemoryStorage();
        const study = await Study.create({
          storage,
          name: 's',
          objectives: ['f1', 'f2'],
          space,
          sampler: make(),
          scheduler: samplerName === 'parego' ? hyperband({ minBudget: 1, maxBudget: 4 }) : fullBudget(2),
          seed: 5,
        });
        await study.optimize({ runners: [mfZdtProblem({ maxBudget: 4 }).runner], maxTrials: 16 });
        const trials = study.trials();
        expect(trials.length).toBe(16);
        for (const t of trials) {
          for (const [name, d] of Object.entries(t.distributions))
            expect(contains(d, t.params[name])).toBe(true);
          expect(Object.keys(t.params).sort()).toEqual(expectedNames(space, t.params));
          if (space.name === 'frnas') {
            const sgd = t.params.optimizer === 'SGD';
            expect('lr_sgd' in t.params).toBe(sgd);
            expect('lr_adam' in t.params).toBe(!sgd);
          }
        }
        // Real searching: the configurations are not all the same.
        expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBeGreaterThan(8);
      });
});
