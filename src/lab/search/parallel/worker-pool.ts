/**
 * A pool of k workers, each a slot that runs one trial at a time: what `Study.optimize` takes
 * as its runners. `spawn` makes the worker of a slot (a browser Worker, a Node worker thread);
 * a worker that dies fails its current trial and is spawned afresh for the next one.
 */
import type { TrialRunner } from '../runner';
import type { RunnerPort } from './port-protocol';
import { portRunner } from './port-runner';

export interface SpawnedWorker {
  port: RunnerPort;
  terminate(): Promise<unknown> | void;
  /** Calls `listener` once if the worker errors or exits. */
  onExit(listener: (why: string) => void): void;
}

export interface WorkerPool {
  readonly size: number;
  readonly runners: TrialRunner[];
  close(): Promise<void>;
}

export function createWorkerPool(size: number, spawn: (index: number) => SpawnedWorker): WorkerPool {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a worker pool needs size ≥ 1 (got ${size})`);
  const slots = Array.from({ length: size }, () => ({
    worker: undefined as SpawnedWorker | undefined,
    run: undefined as TrialRunner | undefined,
    crash: undefined as ((why: string) => void) | undefined,
  }));
  let closed = false;
  const runners: TrialRunner[] = slots.map((slot, index) => (request) => {
    if (closed) return Promise.reject(new Error('the worker pool is closed'));
    if (!slot.worker) {
      const worker = spawn(index);
      slot.worker = worker;
      slot.run = portRunner(worker.port);
      worker.onExit((why) => {
        if (slot.worker !== worker) return;
        slot.worker = undefined;
        slot.crash?.(why);
      });
    }
    const run = slot.run!;
    return new Promise((resolve, reject) => {
      slot.crash = (why) => reject(new Error(`worker ${index} stopped: ${why}`));
      run(request)
        .then(resolve, reject)
        .finally(() => (slot.crash = undefined));
    });
  });
  return {
    size,
    runners,
    async close() {
      closed = true;
      await Promise.all(
        slots.map(async (slot) => {
          const w = slot.worker;
          slot.worker = undefined;
          await w?.terminate();
        }),
      );
    },
  };
}
