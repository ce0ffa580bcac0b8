/**
 * The pool on Node `worker_threads` (the CLI's `--workers k`). Each worker boots through
 * `node-worker-boot.mjs`, which loads `module` with tsx (so TypeScript entry modules work as
 * in the CLI); the module serves its runner with `serveOnParentPort(runner)`.
 */
import { parentPort, Worker } from 'node:worker_threads';
import type { TrialRunner } from '../runner';
import type { RunnerPort } from './port-protocol';
import { serveRunner } from './serve-runner';
import { createWorkerPool, type WorkerPool } from './worker-pool';

const BOOT = new URL('./node-worker-boot.mjs', import.meta.url);

export function createNodeWorkerPool(options: {
  size: number;
  /** The worker entry module (file URL or path). */
  module: string | URL;
  /** Passed to the entry module as `workerData.data`. */
  data?: unknown;
}): WorkerPool {
  const module =
    options.module instanceof URL ? options.module.href : new URL(options.module, 'file:///').href;
  return createWorkerPool(options.size, (index) => {
    const worker = new Worker(BOOT, { workerData: { module, index, data: options.data } });
    return {
      port: {
        postMessage: (m, transfer) => worker.postMessage(m, transfer ?? []),
        onMessage: (listener) => {
          worker.on('message', listener);
          return () => worker.off('message', listener);
        },
      },
      terminate: () => worker.terminate(),
      onExit: (listener) => {
        worker.once('error', (e: Error) => listener(e.message));
        worker.once('exit', (code) => listener(`exit code ${code}`));
      },
    };
  });
}

/** In a worker entry module: serve `runner` to the pool. */
export function serveOnParentPort(runner: TrialRunner): void {
  if (!parentPort) throw new Error('serveOnParentPort runs inside a worker thread');
  const port = parentPort;
  const adapter: RunnerPort = {
    postMessage: (m, transfer) => port.postMessage(m, transfer ?? []),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
  serveRunner(adapter, runner);
}
