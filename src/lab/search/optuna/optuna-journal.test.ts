import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { latestValues, type FrozenTrial } from '../frozen-trial';
import { FRNAS_BASELINES, frnasSpace } from '../presets/frnas';
import type { TrialRunner } from '../runner';
import { paregoSampler } from '../samplers/parego-sampler';
import { hyperband } from '../schedulers/hyperband';
import { InMemoryStorage } from '../storage/memory';
import { Study } from '../study';
import { mfZdtProblem } from '../testbed/mf-zdt';
import { toOptunaJournal } from './journal-export';
import { fromOptunaJournal } from './journal-import';

const line = (text: string[], i: number) => text[i];
const PYTHON = process.env.LAB_PYTHON ?? '/usr/bin/python3';
const hasOptuna = spawnSync(PYTHON, ['-c', 'import optuna'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'lab-optuna-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads the journal in real Optuna and reports what it sees. */
const LOAD = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import optuna
from optuna.study._multi_objective import _get_pareto_front_trials_by_trials
optuna.logging.set_verbosity(optuna.logging.WARNING)
study = optuna.load_study(study_name=sys.argv[2],
    storage=optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(sys.argv[1])))
feasible = [t for t in study.trials if all(c <= 0 for c in t.system_attrs.get("constraints", []))]
print(json.dumps({
    "version": optuna.__version__,
    "best": sorted(t.number for t in study.best_trials),
    "feasible_best": sorted(t.number for t in _get_pareto_front_trials_by_trials(feasible, study.directions)),
    "directions": [d.name for d in study.directions],
    "trials": [{"number": t.number, "state": t.state.name, "params": t.params, "values": t.values,
                "user_attrs": t.user_attrs, "system_attrs": t.system_attrs} for t in study.trials],
}))
`;

function loadInOptuna(path: string, name: string) {
  const out = spawnSync(PYTHON, ['-c', LOAD, path, name], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`optuna failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as {
    version: string;
    best: number[];
    feasible_best: number[];
    directions: string[];
    trials: {
      number: number;
      state: string;
      params: Record<string, unknown>;
      values: number[] | null;
      user_attrs: Record<string, unknown>;
      system_attrs: Record<string, unknown>;
    }[];
  };
}

async function searchedStudy(constrained: boolean) {
  const storage = new InMemoryStorage();
  const study = await Study.create({
    storage,
    name: constrained ? 'frnas-constrained' : 'frnas',
    objectives: ['error', 'rank_disparity'],
    space: frnasSpace,
    sampler: paregoSampler({ initialDesign: 4, acquisition: { randomCandidates: 100 } }),
    scheduler: hyperband({ minBudget: 2, maxBudget: 8 }),
    seed: 5,
    // Low error is "not allowed" (error ≥ 0.4), so the raw front's low-error end is infeasible.
    ...(constrained ? { constraints: (t: FrozenTrial) => [0.4 - latestValues(t)!.values[0]] } : {}),
  });
  for (const b of FRNAS_BASELINES) await study.enqueueTrial(b.params, { label: b.label });
  const problem = mfZdtProblem({ maxBudget: 8 });
  const runner: TrialRunner = (r) =>
    r.trial.number === 6 ? Promise.resolve({ state: 'failed', reason: 'NaN loss' }) : problem.runner(r);
  await study.optimize({ runners: [runner], maxTrials: 20 });
  return { study, record: storage.getStudy(study.name)! };
}

describe('Optuna journal export', () => {
  it('writes the operations as Optuna 3.1 writes them', () => {
    const text = toOptunaJournal(
      {
        name: 's',
        objectives: ['error', 'gap'],
        config: { seed: 1 },
        datetimeCreated: '2026-01-01T00:00:00Z',
      },
      [
        {
          id: 's#0',
          number: 0,
          state: 'COMPLETE',
          params: { head: 'ArcFace', lr: 0.001 },
          distributions: {
            head: { type: 'categorical', choices: ['CosFace', 'ArcFace'] },
            lr: { type: 'float', low: 1e-5, high: 0.01, log: true, step: null },
          },
          results: [{ budget: 100, state: 'COMPLETE', values: [0.25, 1] }],
          userAttrs: {},
          systemAttrs: {},
          datetimeStart: '2026-01-01T10:00:00.123Z',
          datetimeComplete: '2026-01-01T10:05:00.000Z',
        },
      ],
      { workerId: 'w-0' },
    ).split('\n');
    expect(line(text, 0)).toBe('{"op_code": 0, "worker_id": "w-0", "study_name": "s", "directions": [1, 1]}');
    expect(line(text, 3)).toBe(
      '{"op_code": 4, "worker_id": "w-0", "study_id": 0, "datetime_start": "2026-01-01T10:00:00.123000"}',
    );
    expect(line(text, 4)).toBe(
      '{"op_code": 5, "worker_id": "w-0", "trial_id": 0, "param_name": "head", "param_value_internal": 1, ' +
        '"distribution": "{\\"name\\": \\"CategoricalDistribution\\", \\"attributes\\": {\\"choices\\": [\\"CosFace\\", \\"ArcFace\\"]}}"}',
    );
    expect(line(text, 5)).toContain('"param_name": "lr", "param_value_internal": 0.001, ');
    expect(text.at(-2)).toBe(
      '{"op_code": 6, "worker_id": "w-0", "trial_id": 0, "state": 1, "values": [0.25, 1.0], ' +
        '"datetime_complete": "2026-01-01T10:05:00.000000"}',
    );
  });

  it('reads its own journal back: same trials, budgets and states', async () => {
    const { study, record } = await searchedStudy(false);
    const imported = fromOptunaJournal(toOptunaJournal(record, study.trials()));
    expect(imported.name).toBe('frnas');
    expect(imported.objectives).toEqual(['error', 'rank_disparity']);
    expect(imported.directions).toEqual(['minimize', 'minimize']);
    const strip = (t: FrozenTrial) => ({
      id: t.id,
      number: t.number,
      state: t.state,
      params: t.params,
      results: t.results.filter((r) => r.values).map((r) => [r.budget, r.values]),
    });
    expect(imported.trials.map(strip)).toEqual(study.trials().map(strip));
    expect(imported.trials[6].state).toBe('FAIL');
    expect(imported.trials[0].userAttrs.baseline).toBe(FRNAS_BASELINES[0].label);
  });

  it.skipIf(!hasOptuna)('loads in real Optuna, whose best_trials are the lab’s Pareto front', async () => {
    const { study, record } = await searchedStudy(false);
    const path = join(dir, 'frnas.log');
    writeFileSync(path, toOptunaJournal(record, study.trials()));
    const optuna = loadInOptuna(path, 'frnas');
    const lab = study.trials();
    expect(optuna.directions).toEqual(['MINIMIZE', 'MINIMIZE']);
    expect(optuna.best).toEqual(study.bestTrials().map((t) => t.number));
    expect(optuna.best.length).toBeGreaterThan(1);
    expect(optuna.trials.map((t) => t.state)).toEqual(
      lab.map((t) => (t.state === 'FAIL' ? 'FAIL' : t.state)),
    );
    for (const t of optuna.trials) {
      const mine = lab[t.number];
      expect(t.params).toEqual(mine.params);
      expect(t.values).toEqual(mine.state === 'COMPLETE' ? latestValues(mine)!.values : null);
      expect(t.user_attrs.lab_trial_id).toBe(mine.id);
      expect(t.user_attrs.budget).toBe(latestValues(mine)?.budget ?? null);
    }
    expect(lab.some((t) => t.state === 'PRUNED')).toBe(true);
  });

  it.skipIf(!hasOptuna)(
    'keeps constraints where Optuna looks for them; feasible best_trials are the front',
    async () => {
      const { study, record } = await searchedStudy(true);
      const path = join(dir, 'constrained.log');
      writeFileSync(path, toOptunaJournal(record, study.trials()));
      const optuna = loadInOptuna(path, 'frnas-constrained');
      const front = study.bestTrials().map((t) => t.number);
      // Optuna ≥ 4.0's best_trials skips infeasible trials itself (optuna/optuna#5426); 3.1's does not.
      const major = Number(optuna.version.split('.')[0]);
      expect(major >= 4 ? optuna.best : optuna.feasible_best).toEqual(front);
      const infeasible = optuna.trials.filter(
        (t) => ((t.system_attrs.constraints as number[] | undefined)?.[0] ?? 0) > 0,
      );
      expect(infeasible.length).toBeGreaterThan(0);
      // Here SGD trials dominate the feasible ones, so Optuna 3.1's unfiltered best_trials differ.
      if (major < 4) expect(optuna.best).not.toEqual(front);
    },
  );

  it.skipIf(!hasOptuna)('imports a journal written by real Optuna', () => {
    const path = join(dir, 'written-by-optuna.log');
    const write = `
import sys, warnings
warnings.filterwarnings("ignore")
import optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(sys.argv[1]))
study = optuna.create_study(study_name="native", storage=storage, directions=["minimize", "maximize"],
                            sampler=optuna.samplers.RandomSampler(seed=0))
def objective(t):
    head = t.suggest_categorical("head", ["CosFace", "ArcFace"])
    lr = t.suggest_float("lr", 1e-5, 1e-2, log=True)
    depth = t.suggest_int("depth", 2, 6)
    t.set_user_attr("depth_x2", depth * 2)
    return lr * depth, depth + (head == "ArcFace")
study.optimize(objective, n_trials=5)
t = study.ask(); t.suggest_float("lr", 1e-5, 1e-2, log=True); study.tell(t, state=optuna.trial.TrialState.PRUNED)
t = study.ask(); study.tell(t, state=optuna.trial.TrialState.FAIL)
`;
    const out = spawnSync(PYTHON, ['-c', write, path], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const reference = loadInOptuna(path, 'native');
    const imported = fromOptunaJournal(readFileSync(path, 'utf8'));
    expect(imported.directions).toEqual(['minimize', 'maximize']);
    expect(imported.trials.map((t) => t.state)).toEqual(reference.trials.map((t) => t.state));
    expect(imported.trials.map((t) => t.params)).toEqual(reference.trials.map((t) => t.params));
    expect(imported.trials.map((t) => latestValues(t)?.values ?? null)).toEqual(
      reference.trials.map((t) => t.values),
    );
    expect(imported.trials[0].userAttrs.depth_x2).toBe(reference.trials[0].user_attrs.depth_x2);
    expect(() => fromOptunaJournal(readFileSync(path, 'utf8'), { studyName: 'other' })).toThrow(
      /no study "other"/,
    );
  });
});
