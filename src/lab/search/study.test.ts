import { describe, expect, it } from 'vitest';
import { FRNAS_BASELINES, frnasSpace } from './presets/frnas';
import { baselineDominance } from './results/baselines';
import { paretoTrials } from './results/front';
import type { TrialRunner } from './runner';
import type { Sampler } from './sampler';
import { nsga2Sampler } from './samplers/nsga2';
import { paregoSampler } from './samplers/parego-sampler';
import { randomSampler } from './samplers/random';
import { fullBudget, hyperband } from './schedulers/hyperband';
import type { Scheduler } from './scheduler';
import { InMemoryStorage } from './storage/memory';
import { Study } from './study';
import { mfZdtProblem } from './testbed/mf-zdt';
import { createRng } from '../util/rng';

async function makeStudy(sampler: Sampler, scheduler: Scheduler, seed = 3, storage = new InMemoryStorage()) {
  return Study.create({
    storage,
    name: 'study',
    objectives: ['f1', 'f2'],
    space: frnasSpace,
    sampler,
    scheduler,
    seed,
  });
}

const sequence = (study: Study) => study.trials().map((t) => ({ params: t.params, results: t.results }));

describe('Study', () => {
  it('is reproducible in sequential mode: same seed and settings, same trials', async () => {
    for (const make of [
      () =>
        [
          paregoSampler({ initialDesign: 4, acquisition: { randomCandidates: 200 } }),
          hyperband({ minBudget: 2, maxBudget: 8 }),
        ] as const,
      () => [nsga2Sampler({ populationSize: 4 }), fullBudget(4)] as const,
    ]) {
      const runs = [];
      for (const seed of [3, 3, 4]) {
        const [sampler, scheduler] = make();
        const study = await makeStudy(sampler, scheduler, seed);
        await study.optimize({ runners: [mfZdtProblem({ maxBudget: 8 }).runner], maxTrials: 14 });
        runs.push(sequence(study));
      }
      expect(runs[1]).toEqual(runs[0]);
      expect(runs[2]).not.toEqual(runs[0]);
    }
  });

  it('runs k runners at once and never gives one job to two runners', async () => {
    const problem = mfZdtProblem({ maxBudget: 8 });
    const started: string[] = [];
    const holding = new Map<number, number>();
    let concurrent = 0;
    let maxConcurrent = 0;
    const rng = createRng(11);
    const runners: TrialRunner[] = [0, 1, 2].map((slot) => async (request) => {
      const key = `${request.trial.number}@${request.budget}`;
      expect(started).not.toContain(key);
      expect(holding.has(request.trial.number)).toBe(false);
      started.push(key);
      holding.set(request.trial.number, slot);
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((r) => setTimeout(r, rng.int(6)));
      const result = await problem.runner(request);
      concurrent--;
      holding.delete(request.trial.number);
      return result;
    });
    const study = await makeStudy(randomSampler(), hyperband({ minBudget: 2, maxBudget: 8 }));
    const summary = await study.optimize({ runners, maxTrials: 24 });
    expect(maxConcurrent).toBe(3);
    expect(summary.trials).toBe(24);
    const evaluations = study.trials().flatMap((t) => t.results.map((r) => `${t.number}@${r.budget}`));
    expect([...started].sort()).toEqual([...evaluations].sort());
    expect(study.trials().every((t) => t.state === 'COMPLETE' || t.state === 'PRUNED')).toBe(true);
  });

  it('runs enqueued baselines first at the full budget and says which trials dominate them', async () => {
    const study = await makeStudy(randomSampler(), hyperband({ minBudget: 2, maxBudget: 8 }));
    for (const b of FRNAS_BASELINES)
      await study.enqueueTrial(b.params, { label: b.label, skipIfExists: true });
    await study.enqueueTrial(FRNAS_BASELINES[0].params, {
      label: FRNAS_BASELINES[0].label,
      skipIfExists: true,
    });
    const log: string[] = [];
    const problem = mfZdtProblem({ maxBudget: 8 });
    await study.optimize({
      runners: [(r) => (log.push(`${r.trial.number}@${r.budget}`), problem.runner(r))],
      maxTrials: 20,
    });
    expect(log.slice(0, 3)).toEqual(['0@8', '1@8', '2@8']);
    const trials = study.trials();
    expect(trials.length).toBe(23);
    expect(trials.slice(0, 3).map((t) => t.params)).toEqual(FRNAS_BASELINES.map((b) => b.params));
    const dominance = baselineDominance(trials);
    expect(dominance.map((d) => d.label)).toEqual(FRNAS_BASELINES.map((b) => b.label));
    for (const d of dominance)
      for (const n of d.dominatedBy) {
        const v = trials[n].results.at(-1)!.values!;
        expect(v[0] <= d.values[0] && v[1] <= d.values[1]).toBe(true);
        expect(trials[n].userAttrs.baseline).toBeUndefined();
      }
    await expect(study.enqueueTrial({ ...FRNAS_BASELINES[0].params, typo: 1 })).rejects.toThrow(/typo/);
  });

  it('keeps infeasible trials but never puts them on the front', async () => {
    const storage = new InMemoryStorage();
    const study = await Study.create({
      storage,
      name: 'c',
      objectives: ['f1', 'f2'],
      space: frnasSpace,
      sampler: nsga2Sampler({ populationSize: 4 }),
      scheduler: fullBudget(2),
      seed: 2,
      constraints: (t) => [(t.userAttrs.parameter_count as number) - 3e5],
      constraintsLabel: 'parameter_count ≤ 3e5',
    });
    await study.optimize({ runners: [mfZdtProblem({ maxBudget: 2 }).runner], maxTrials: 16 });
    const trials = study.trials();
    const infeasible = trials.filter((t) => (t.systemAttrs.constraints as number[])[0] > 0);
    expect(infeasible.length).toBeGreaterThan(0);
    expect(infeasible.length).toBeLessThan(trials.length);
    const front = study.bestTrials().map((t) => t.number);
    expect(front.length).toBeGreaterThan(0);
    for (const t of infeasible) expect(front).not.toContain(t.number);
    // Without the constraint, some infeasible trial would be on the front.
    const unconstrained = paretoTrials(trials.map((t) => ({ ...t, systemAttrs: {} }))).map((t) => t.number);
    expect(unconstrained).not.toEqual(front);
  });

  it('marks a throwing or wrong runner FAIL with its reason and goes on', async () => {
    const study = await makeStudy(randomSampler(), fullBudget(1));
    let calls = 0;
    await study.optimize({
      runners: [
        async () => {
          calls++;
          if (calls === 1) throw new Error('out of memory');
          if (calls === 2) return { state: 'complete', values: [1] };
          return { state: 'complete', values: [1, 2] };
        },
      ],
      maxTrials: 3,
    });
    const trials = study.trials();
    expect(trials.map((t) => t.state)).toEqual(['FAIL', 'FAIL', 'COMPLETE']);
    expect(trials[0].results[0].reason).toBe('out of memory');
    expect(trials[1].results[0].reason).toBe('runner returned 1 values for 2 objectives');
  });

  it('pauses (drain) and cancels (abort), leaving aborted jobs to run again', async () => {
    const storage = new InMemoryStorage();
    const study = await makeStudy(randomSampler(), fullBudget(3), 3, storage);
    const drain = new AbortController();
    const problem = mfZdtProblem({ maxBudget: 3 });
    const drained = await study.optimize({
      runners: [(r) => (r.trial.number === 1 && drain.abort(), problem.runner(r))],
      maxTrials: 10,
      drain: drain.signal,
    });
    expect(drained.stopped).toBe('drained');
    expect(study.trials().map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE']);

    const cancel = new AbortController();
    const aborted = await study.optimize({
      runners: [
        (r) =>
          new Promise((resolve) => {
            r.signal.addEventListener('abort', () => resolve({ state: 'failed', reason: 'aborted' }));
            cancel.abort();
          }),
      ],
      maxTrials: 10,
      signal: cancel.signal,
    });
    expect(aborted.stopped).toBe('aborted');
    expect(study.trials()[2].state).toBe('WAITING');
    expect(study.trials()[2].results).toEqual([]);

    const resumed = await study.optimize({ runners: [problem.runner], maxTrials: 4 });
    expect(resumed).toMatchObject({ stopped: 'done', trials: 4, complete: 4 });
  });

  it('refuses to reopen a study with other settings', async () => {
    const storage = new InMemoryStorage();
    await makeStudy(randomSampler(), fullBudget(3), 3, storage);
    await expect(makeStudy(randomSampler(), fullBudget(3), 4, storage)).rejects.toThrow(/seed 3, not 4/);
    await expect(makeStudy(nsga2Sampler(), fullBudget(3), 3, storage)).rejects.toThrow(/sampler/);
    await expect(makeStudy(randomSampler(), fullBudget(3), 3, storage)).resolves.toBeInstanceOf(Study);
  });
});
