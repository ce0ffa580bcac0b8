import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../util/csv';
import { frnasSpace } from '../presets/frnas';
import { randomSampler } from '../samplers/random';
import { hyperband } from '../schedulers/hyperband';
import { InMemoryStorage } from '../storage/memory';
import { Study } from '../study';
import { mfZdtProblem } from '../testbed/mf-zdt';
import { toStudyCsv } from './study-csv';
import { fromStudyJson, toStudyJson } from './study-json';

async function finishedStudy() {
  const storage = new InMemoryStorage();
  const study = await Study.create({
    storage,
    name: 'export',
    objectives: ['error', 'rank_disparity'],
    space: frnasSpace,
    sampler: randomSampler(),
    scheduler: hyperband({ minBudget: 2, maxBudget: 8 }),
    seed: 1,
    constraints: (t) => [(t.userAttrs.parameter_count as number) - 4e5],
  });
  await study.optimize({ runners: [mfZdtProblem({ maxBudget: 8 }).runner], maxTrials: 10 });
  return { storage, study, record: storage.getStudy('export')! };
}

describe('study export', () => {
  it('round-trips JSON with per-epoch reports', async () => {
    const { storage, study, record } = await finishedStudy();
    const text = toStudyJson(record, study.trials(), (n) => storage.getIntermediate('export', n));
    const doc = fromStudyJson(text);
    expect(doc.study).toEqual(record);
    expect(doc.trials).toEqual(study.trials());
    expect(doc.intermediate?.['0']?.length).toBeGreaterThan(0);
    expect(() => fromStudyJson('{"format": "other"}')).toThrow(/not a fairness-lab-study/);
    expect(() => fromStudyJson('{')).toThrow(/does not parse/);
  });

  it('writes one CSV row per trial with Optuna-style columns and the values at every budget', async () => {
    const { study, record } = await finishedStudy();
    const { header, rows } = parseCsv(toStudyCsv(record, study.trials()));
    expect(header.slice(0, 8)).toEqual([
      'number',
      'lab_id',
      'state',
      'budget',
      'values_error',
      'values_rank_disparity',
      'feasible',
      'constraints',
    ]);
    expect(header).toContain('params_edge1');
    expect(header).toContain('values_error@2');
    expect(header).toContain('values_rank_disparity@8');
    expect(header).toContain('user_attrs_parameter_count');
    expect(rows).toHaveLength(10);
    const trials = study.trials();
    rows.forEach((row, i) => {
      const get = (name: string) => row[header.indexOf(name)];
      expect(get('state')).toBe(trials[i].state);
      const first = trials[i].results[0];
      expect(Number(get(`values_error@${first.budget}`))).toBe(first.values![0]);
      if (first.budget !== 2) expect(get('values_error@2')).toBe('');
      expect(get('params_optimizer')).toBe(String(trials[i].params.optimizer));
    });
  });
});
