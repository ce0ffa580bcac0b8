import { describe, expect, it } from 'vitest';
import { InMemoryStorage } from '../storage/memory';
import { Study } from '../study';
import { randomSampler } from '../samplers/random';
import type { TrialRunner } from '../runner';
import type { SearchSpace } from '../space';
import { BATCH_KEY, BRACKET_KEY, fullBudget, hyperband } from './hyperband';

const space: SearchSpace = {
  name: 'one-int',
  description: '',
  define: (t) => void t.suggestInt('i', 0, 10 ** 6),
};

// Objective vectors by trial number and budget, made so the promotions can be worked out by hand.
const TABLE: Record<number, Record<number, [number, number]>> = {
  // Bracket 0 at 25: front {0, 2, 3}, two go on: crowding keeps the extremes 0 and 3.
  0: { 25: [0.1, 0.9], 50: [0.2, 0.3], 100: [0.2, 0.25] },
  1: { 25: [0.6, 0.6] },
  2: { 25: [0.5, 0.5] },
  // At 50, 0 and 3 are both on the front; one goes on: the first (SMAC keeps ≤ 2 in order).
  3: { 25: [0.9, 0.1], 50: [0.3, 0.2] },
  // Bracket 1 at 50: 5 dominates 4; front {5, 6}; one goes on: 5.
  4: { 50: [0.3, 0.3] },
  5: { 50: [0.2, 0.2], 100: [0.15, 0.15] },
  6: { 50: [0.4, 0.1] },
};

function tableRunner(log: string[]): TrialRunner {
  return async ({ trial, budget, resume, report }) => {
    log.push(
      `${trial.number}@${budget}${resume ? `<${resume.budget}:${new TextDecoder().decode(resume.checkpoint)}` : ''}`,
    );
    const values = TABLE[trial.number]?.[budget] ?? [0.5 + trial.number / 100, 0.5];
    report(budget, values);
    return { state: 'complete', values, checkpoint: new TextEncoder().encode(`ck${trial.number}@${budget}`) };
  };
}

describe('Hyperband scheduling with multi-objective promotion', () => {
  it('runs the (25, 100, 2) brackets, promotes as SMAC does, and continues from checkpoints', async () => {
    const storage = new InMemoryStorage();
    const study = await Study.create({
      storage,
      name: 'hb',
      objectives: ['error', 'disparity'],
      space,
      sampler: randomSampler(),
      scheduler: hyperband({ minBudget: 25, maxBudget: 100, eta: 2 }),
      seed: 1,
    });
    const log: string[] = [];
    const summary = await study.optimize({ runners: [tableRunner(log)], maxTrials: 10 });
    expect(log).toEqual([
      '0@25',
      '1@25',
      '2@25',
      '3@25',
      '0@50<25:ck0@25',
      '3@50<25:ck3@25',
      '0@100<50:ck0@50',
      '4@50',
      '5@50',
      '6@50',
      '5@100<50:ck5@50',
      '7@100',
      '8@100',
      '9@100',
    ]);
    const trials = study.trials();
    expect(trials.map((t) => t.state)).toEqual([
      'COMPLETE',
      'PRUNED',
      'PRUNED',
      'PRUNED',
      'PRUNED',
      'COMPLETE',
      'PRUNED',
      'COMPLETE',
      'COMPLETE',
      'COMPLETE',
    ]);
    expect(trials.map((t) => [t.systemAttrs[BATCH_KEY], t.systemAttrs[BRACKET_KEY]])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
      [1, 1],
      [2, 2],
      [2, 2],
      [2, 2],
    ]);
    // Low-fidelity results stay in the study, marked with their budget.
    expect(trials[3].results.map((r) => [r.budget, r.values])).toEqual([
      [25, [0.9, 0.1]],
      [50, [0.3, 0.2]],
    ]);
    expect(summary).toMatchObject({ stopped: 'done', trials: 10, complete: 5, pruned: 5, failed: 0 });
  });

  it('never promotes a failed configuration, and fills a short last batch as far as it goes', async () => {
    const storage = new InMemoryStorage();
    const study = await Study.create({
      storage,
      name: 'hb',
      objectives: ['a', 'b'],
      space,
      sampler: randomSampler(),
      scheduler: hyperband({ minBudget: 25, maxBudget: 100, eta: 2 }),
      seed: 1,
    });
    const log: string[] = [];
    const runner = tableRunner(log);
    await study.optimize({
      runners: [async (r) => (r.trial.number === 0 ? { state: 'failed', reason: 'diverged' } : runner(r))],
      maxTrials: 2,
    });
    expect(log).toEqual(['1@25', '1@50<25:ck1@25', '1@100<50:ck1@50']);
    expect(study.trials().map((t) => t.state)).toEqual(['FAIL', 'COMPLETE']);
    expect(study.trials()[0].results).toEqual([{ budget: 25, state: 'FAIL', reason: 'diverged' }]);
  });

  it('without multi-fidelity, runs every trial once at the full budget', async () => {
    const storage = new InMemoryStorage();
    const study = await Study.create({
      storage,
      name: 'full',
      objectives: ['a', 'b'],
      space,
      sampler: randomSampler(),
      scheduler: fullBudget(7),
      seed: 1,
    });
    const log: string[] = [];
    await study.optimize({ runners: [tableRunner(log)], maxTrials: 3 });
    expect(log).toEqual(['0@7', '1@7', '2@7']);
    expect(study.trials().every((t) => t.state === 'COMPLETE')).toBe(true);
  });
});
