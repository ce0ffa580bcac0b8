import { describe, expect, it } from 'vitest';
import { categorical, float } from '../distributions';
import type { FrozenTrial } from '../frozen-trial';
import { frnasSpace } from '../presets/frnas';
import type { SamplerContext } from '../sampler';
import { createRng } from '../../util/rng';
import { collectParentPopulation, GENERATION_KEY, intersectionSearchSpace, nsga2Sampler } from './nsga2';
import { dominatesMin } from './nsga2-selection';

let n = 0;
const trial = (
  generation: number,
  values: number[] | undefined,
  params: Record<string, string | number>,
): FrozenTrial => {
  const distributions = Object.fromEntries(
    Object.keys(params).map((k) => [
      k,
      k.startsWith('lr') ? float(1e-5, 1, true) : categorical(['a', 'b', 'c']),
    ]),
  );
  const number = n++;
  return {
    id: `s#${number}`,
    number,
    state: values ? 'COMPLETE' : 'RUNNING',
    params,
    distributions,
    results: values ? [{ budget: 1, state: 'COMPLETE', values }] : [],
    userAttrs: {},
    systemAttrs: { [GENERATION_KEY]: generation },
  };
};

describe('NSGA-II sampler (Optuna 3.1)', () => {
  it('keeps only parameters every COMPLETE trial has with the same distribution', () => {
    n = 0;
    const trials = [
      trial(0, [1, 1], { head: 'a', lr_adam: 0.01 }),
      trial(0, [1, 1], { head: 'b', lr_sgd: 0.1 }),
      trial(0, undefined, { head: 'c', other: 'a' }),
    ];
    expect(Object.keys(intersectionSearchSpace(trials))).toEqual(['head']);
  });

  it('breeds generation g + 1 once g has a full population of COMPLETE trials', () => {
    n = 0;
    const g0 = [trial(0, [1, 4], { h: 'a' }), trial(0, [2, 2], { h: 'b' }), trial(0, [3, 3], { h: 'c' })];
    expect(collectParentPopulation(g0, 4, dominatesMin).generation).toBe(-1);
    const g0full = [...g0, trial(0, [4, 1], { h: 'a' })];
    const parents = collectParentPopulation(g0full, 3, dominatesMin);
    expect(parents.generation).toBe(0);
    // Front (1,4), (2,2), (4,1) fills the elite; (3,3) is dominated by (2,2).
    expect(parents.population.map((p) => p.number).sort()).toEqual([0, 1, 3]);
  });

  it("takes every child's parameters from its parents or, mutated, leaves them to random", () => {
    n = 0;
    const trials = Array.from({ length: 6 }, (_, i) =>
      trial(0, [i, 5 - i], {
        edge1: String(i),
        edge2: String(i),
        edge3: String(i),
        head: 'CosFace',
        optimizer: 'Adam',
        lr_adam: 1e-4 * (i + 1),
      }),
    );
    trials.forEach((t) => {
      t.distributions = {
        ...Object.fromEntries(
          ['edge1', 'edge2', 'edge3'].map((k) => [
            k,
            categorical(['0', '1', '2', '3', '4', '5', '6', '7', '8']),
          ]),
        ),
        head: categorical(['CosFace', 'ArcFace', 'MagFace']),
        optimizer: categorical(['Adam', 'AdamW', 'SGD']),
        lr_adam: float(1e-5, 1e-2, true),
      };
    });
    const sampler = nsga2Sampler({ populationSize: 6 });
    let kept = 0;
    let total = 0;
    for (let number = 6; number < 206; number++) {
      const ctx: SamplerContext = {
        trials,
        number,
        sampledBefore: number,
        seed: 1,
        space: frnasSpace,
        constrained: false,
        rng: createRng(number),
      };
      const { params, systemAttrs } = sampler.sampleRelative(ctx);
      expect(systemAttrs?.[GENERATION_KEY]).toBe(1);
      for (const [k, v] of Object.entries(params)) expect(trials.some((t) => t.params[k] === v)).toBe(true);
      kept += Object.keys(params).length;
      total += 6;
    }
    // Mutation probability 1/6: about 5/6 of the parameters are inherited.
    expect(kept / total).toBeGreaterThan(0.78);
    expect(kept / total).toBeLessThan(0.88);
    expect(sampler.settings()).toEqual({
      name: 'nsga2',
      populationSize: 6,
      mutationProb: null,
      crossoverProb: 0.9,
      swappingProb: 0.5,
    });
  });
});
