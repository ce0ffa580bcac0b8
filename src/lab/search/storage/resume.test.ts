import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frnasSpace } from '../presets/frnas';
import type { TrialRunner } from '../runner';
import { paregoSampler } from '../samplers/parego-sampler';
import { hyperband } from '../schedulers/hyperband';
import { Study } from '../study';
import { mfZdtProblem } from '../testbed/mf-zdt';
import { IdbStorage } from './idb';
import { JournalFileStorage } from './journal-file';
import { InMemoryStorage } from './memory';
import type { Storage } from './storage';

const dir = mkdtempSync(join(tmpdir(), 'lab-search-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (storage: Storage) =>
  Study.create({
    storage,
    name: 'resume',
    objectives: ['f1', 'f2'],
    space: frnasSpace,
    sampler: paregoSampler({ initialDesign: 4, acquisition: { randomCandidates: 150 } }),
    scheduler: hyperband({ minBudget: 2, maxBudget: 8, eta: 2 }),
    seed: 7,
  });

const MAX_TRIALS = 16;
const sequence = (study: Study) =>
  study.trials().map((t) => ({ number: t.number, state: t.state, params: t.params, results: t.results }));

async function uninterrupted() {
  const study = await open(new InMemoryStorage());
  await study.optimize({ runners: [mfZdtProblem({ maxBudget: 8 }).runner], maxTrials: MAX_TRIALS });
  return sequence(study);
}

/** Runs until the `crashAt`-th job starts, then never returns from it (the process "dies" there). */
async function runUntilCrash(storage: Storage, crashAt: number): Promise<void> {
  const study = await open(storage);
  const problem = mfZdtProblem({ maxBudget: 8 });
  let jobs = 0;
  let crashed!: () => void;
  const dead = new Promise<void>((resolve) => (crashed = resolve));
  const runner: TrialRunner = (request) => {
    if (++jobs === crashAt) {
      crashed();
      return new Promise(() => {});
    }
    return problem.runner(request);
  };
  void study.optimize({ runners: [runner], maxTrials: MAX_TRIALS });
  await dead;
}

async function resume(storage: Storage, expectPromoted = false) {
  const study = await open(storage);
  const before = study.trials();
  const interrupted = before.filter((t) => t.state === 'RUNNING').map((t) => t.number);
  expect(interrupted).toHaveLength(1);
  // A promoted trial holds its lower-rung evaluation and continues from that checkpoint.
  expect(before[interrupted[0]].results.length > 0).toBe(expectPromoted);
  const finished = before.filter((t) => t.state === 'COMPLETE' || t.state === 'PRUNED');
  await study.optimize({ runners: [mfZdtProblem({ maxBudget: 8 }).runner], maxTrials: MAX_TRIALS });
  const after = study.trials();
  for (const t of finished) expect(after[t.number]).toEqual(t);
  expect(after[interrupted[0]].results.length).toBeGreaterThan(before[interrupted[0]].results.length);
  return sequence(study);
}

describe('resume continues the same sequence as an uninterrupted run', () => {
  it('from memory', async () => {
    const reference = await uninterrupted();
    expect(reference.filter((t) => t.state === 'COMPLETE').length).toBeGreaterThan(3);
    const storage = new InMemoryStorage();
    await runUntilCrash(storage, 13);
    expect(await resume(storage)).toEqual(reference);
  });

  it('from a journal file, with a torn last line from the crash', async () => {
    const reference = await uninterrupted();
    const path = join(dir, 'study.jsonl');
    await runUntilCrash(new JournalFileStorage(path), 13);
    appendFileSync(path, '{"op":"result","study":"resu');
    const reopened = new JournalFileStorage(path);
    expect(reopened.repairedTornLine).toBe(true);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    expect(await resume(reopened)).toEqual(reference);
    // The whole journal still loads, and holds the same study.
    expect(sequence(await open(new JournalFileStorage(path)))).toEqual(reference);
  });

  it('from IndexedDB', async () => {
    const reference = await uninterrupted();
    const factory = new IDBFactory();
    await runUntilCrash(await IdbStorage.open({ factory, name: 'study' }), 13);
    expect(await resume(await IdbStorage.open({ factory, name: 'study' }))).toEqual(reference);
  });

  it('when the crash hit a promoted trial continuing from its checkpoint', async () => {
    const reference = await uninterrupted();
    const path = join(dir, 'promoted.jsonl');
    // Bracket 0 runs its 4 trials at budget 2 first; job 5 continues a promoted one from 2 to 4.
    await runUntilCrash(new JournalFileStorage(path), 5);
    expect(await resume(new JournalFileStorage(path), true)).toEqual(reference);
  });
});
