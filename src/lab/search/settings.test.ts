import { describe, expect, it } from 'vitest';
import { contains } from './distributions';
import { BASELINES, searchSpace } from './presets';
import { samplerFor, schedulerFor, spaceFor, type SearchSettings } from './settings';
import { realise } from './space';

const base: SearchSettings = { space: 'frnas', sampler: 'parego', trials: 200, maxEpochs: 100, seed: 1 };

describe('search settings', () => {
  it("make FR-NAS's search: ParEGO with 10 initial configurations and Hyperband 25 → 100, η = 2", () => {
    expect(samplerFor(base).settings()).toMatchObject({ name: 'parego', initialDesign: 10, rho: 0.05 });
    expect(schedulerFor({ ...base, minEpochs: 25 }).settings()).toEqual({
      name: 'hyperband',
      minBudget: 25,
      maxBudget: 100,
      eta: 2,
    });
    expect(schedulerFor(base).settings()).toEqual({ name: 'full-budget', epochs: 100 });
    expect(samplerFor({ ...base, sampler: 'nsga2', trials: 12 }).settings()).toMatchObject({
      populationSize: 6,
    });
    expect(samplerFor({ ...base, trials: 12 }).settings()).toMatchObject({ initialDesign: 3 });
    expect(spaceFor(base).name).toBe('frnas');
    expect(() => samplerFor({ ...base, sampler: 'tpe' as never })).toThrow(/unknown sampler "tpe"/);
    expect(() => searchSpace('dpn')).toThrow(/unknown search space "dpn"/);
  });

  it('has baselines that are complete configurations of their spaces', () => {
    for (const b of BASELINES) {
      const config = realise(searchSpace(b.space), (name) => {
        if (!(name in b.params)) throw new Error(`${b.label} lacks ${name}`);
        return b.params[name];
      });
      expect(config.params).toEqual(b.params);
      for (const [name, d] of Object.entries(config.distributions))
        expect(contains(d, config.params[name])).toBe(true);
    }
  });
});
