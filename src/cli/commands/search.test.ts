import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureJson } from '../test-support/capture-json';
import { run } from './search';

async function runJson(argv: string[]): Promise<Record<string, unknown>> {
  const { code, json } = await captureJson(run, argv);
  expect(code).toBe(0);
  return json;
}

const optunaAvailable = (() => {
  if (!existsSync('/usr/bin/python3')) return false;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import optuna'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('lab search', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('runs a study, resumes it from its journal without retraining, and exports what real Optuna reads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-search-'));
    dirs.push(dir);
    const storage = join(dir, 'study.journal');
    const optuna = join(dir, 'optuna.journal');
    const argv = [
      '--trials',
      '2',
      '--max-epochs',
      '1',
      '--width',
      '0.04',
      '--sampler',
      'random',
      '--no-baselines',
    ];
    const first = await runJson([
      ...argv,
      '--storage',
      storage,
      '--export-optuna',
      optuna,
      '--quiet',
      '--json',
    ]);
    const trials = first.trials as {
      id: string;
      status: string;
      budget: number;
      config: Record<string, string>;
      baseline?: string;
    }[];
    expect(trials).toHaveLength(5);
    expect(
      trials.filter((t) => t.baseline).map((t) => t.config.edge1 + t.config.edge2 + t.config.edge3),
    ).toEqual(['000', '010', '680']);
    expect(trials.every((t) => t.budget === 1)).toBe(true);
    expect((first.pareto as string[]).length).toBeGreaterThan(0);
    expect(first.reference_point).toHaveLength(2);
    expect(first.hypervolume).toBeGreaterThan(0);

    const second = await runJson([...argv, '--storage', storage, '--quiet', '--json']);
    expect(second.trials).toEqual(first.trials);
    expect(second.pareto).toEqual(first.pareto);

    if (!optunaAvailable) return;
    const name = 'frnas-random-identity-synthetic-s1-2x1-1';
    const script = [
      'import json, optuna, warnings',
      'warnings.simplefilter("ignore")',
      'from optuna.storages import JournalStorage, JournalFileStorage',
      `s = optuna.load_study(study_name=${JSON.stringify(name)}, storage=JournalStorage(JournalFileStorage(${JSON.stringify(optuna)})))`,
      'print(json.dumps(sorted(t.user_attrs["lab_trial_id"] for t in s.best_trials)))',
    ].join('\n');
    const best = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }));
    expect(best).toEqual([...(first.pareto as string[])].sort());
  }, 300_000);

  it('refuses bad settings with one-line usage errors', async () => {
    await expect(run(['--sampler', 'tpe'])).rejects.toThrow(/--sampler must be random, parego, nsga2/);
    await expect(run(['--space', 'vit'])).rejects.toThrow(/--space must be/);
    await expect(run(['--task', 'expression'])).rejects.toThrow(/--space frnas searches face heads/);
    await expect(run(['--min-epochs', '4', '--max-epochs', '2'])).rejects.toThrow(/must not exceed/);
    await expect(run(['--mitigation', 'magic'])).rejects.toThrow(/Unknown mitigation "magic"/);
  });
});
