import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { frnasSpace } from '../presets/frnas';
import { randomSampler } from '../samplers/random';
import { hyperband } from '../schedulers/hyperband';
import { InMemoryStorage } from '../storage/memory';
import { Study } from '../study';
import { mfZdtProblem } from '../testbed/mf-zdt';
import { createNodeWorkerPool } from './node-worker-pool';
import type { RunnerPort } from './port-protocol';
import { portRunner } from './port-runner';
import { serveRunner } from './serve-runner';

const adapt = (port: MessagePort): RunnerPort => ({
  postMessage: (m, transfer) => port.postMessage(m, transfer ?? []),
  onMessage: (listener) => {
    port.on('message', listener);
    return () => port.off('message', listener);
  },
});

const studyOn = (storage = new InMemoryStorage()) =>
  Study.create({
    storage,
    name: 'parallel',
    objectives: ['f1', 'f2'],
    space: frnasSpace,
    sampler: randomSampler(),
    scheduler: hyperband({ minBudget: 1, maxBudget: 4 }),
    seed: 9,
  });

describe('runners behind a message port', () => {
  it('forward reports, the stop answer, checkpoints and aborts', async () => {
    const { port1, port2 } = new MessageChannel();
    const seen: string[] = [];
    const stopServing = serveRunner(adapt(port2), async (r) => {
      seen.push(`resume ${new TextDecoder().decode(r.resume!.checkpoint)} at ${r.resume!.budget}`);
      r.report(1, [0.5, 0.5]);
      await new Promise((res) => setTimeout(res, 20));
      seen.push(`stop ${r.shouldStop()}`);
      r.report(2, [0.4, 0.4]);
      await new Promise((res) => r.signal.addEventListener('abort', res, { once: true }));
      return { state: 'pruned', reason: 'aborted', checkpoint: new Uint8Array([7, 8]) };
    });
    const runner = portRunner(adapt(port1));
    const reports: number[] = [];
    const controller = new AbortController();
    const trial = (await (await studyOn()).ask()) as never;
    const result = await runner({
      trial,
      budget: 2,
      resume: { budget: 1, checkpoint: new TextEncoder().encode('ck') },
      report: (epoch) => {
        reports.push(epoch);
        if (epoch === 2) controller.abort();
      },
      shouldStop: () => reports.length > 0,
      signal: controller.signal,
    });
    expect(reports).toEqual([1, 2]);
    expect(seen).toEqual(['resume ck at 1', 'stop true']);
    expect(result).toMatchObject({ state: 'pruned', reason: 'aborted' });
    expect([...result.checkpoint!]).toEqual([7, 8]);
    stopServing();
    port1.close();
  });
});

describe('Node worker_threads pool', () => {
  it('runs a study on k threads without running a job twice, with the sequential results', async () => {
    const pool = createNodeWorkerPool({
      size: 3,
      module: new URL('./fixture-runner-worker.ts', import.meta.url),
      data: { maxBudget: 4, epochDelayMs: 3 },
    });
    const started: string[] = [];
    try {
      const study = await studyOn();
      const summary = await study.optimize({
        runners: pool.runners,
        maxTrials: 12,
        onEvent: (e) => {
          if (e.type === 'job-started') started.push(`${e.number}@${e.budget}`);
        },
      });
      expect(summary).toMatchObject({ stopped: 'done', trials: 12, failed: 0 });
      expect(new Set(started).size).toBe(started.length);
      const trials = study.trials();
      const threads = new Set(trials.map((t) => t.userAttrs.thread));
      expect(threads.size).toBeGreaterThan(1);
      // Every evaluation equals what the benchmark gives in this thread for the same trial and budget.
      const problem = mfZdtProblem({ maxBudget: 4 });
      for (const t of trials)
        for (const r of t.results)
          expect(r.values).toEqual(problem.evaluate(t.params, t.distributions, r.budget));
    } finally {
      await pool.close();
    }
  });

  it('fails the trial of a worker that dies and goes on with a fresh worker', async () => {
    const pool = createNodeWorkerPool({
      size: 1,
      module: new URL('./fixture-crash-worker.ts', import.meta.url),
    });
    try {
      const study = await studyOn();
      await study.optimize({ runners: pool.runners, maxTrials: 3 });
      const trials = study.trials();
      expect(trials[1].state).toBe('FAIL');
      expect(trials[1].results[0].reason).toBe('worker 0 stopped: exit code 3');
      expect(trials.filter((t) => t.state !== 'FAIL').length).toBe(2);
    } finally {
      await pool.close();
    }
  });
});
