import { Worker } from 'node:worker_threads';
import type { SpawnReplica } from '../lab/train/data-parallel/replica';

const BOOT = new URL('../lab/search/parallel/node-worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./replica-worker.ts', import.meta.url).href;

/** Replicas of a data-parallel training run on Node worker threads, each on wasm with one thread. */
export const spawnNodeReplica: SpawnReplica = (init) => {
  const worker = new Worker(BOOT, { workerData: { module: ENTRY, index: init.rank, data: init } });
  let done = false;
  let markReady: () => void = () => undefined;
  let fail: (why: string) => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const failure = new Promise<string>((resolve) => (fail = resolve));
  worker.on('message', (m: { ready?: true; done?: true; error?: string }) => {
    if (m.ready) markReady();
    if (m.done) done = true;
    if (m.error) fail(m.error);
  });
  worker.once('error', (e: Error) => fail(e.message));
  worker.once('exit', (code) => {
    if (!done) fail(`exit code ${code}`);
  });
  return { ready, failure, terminate: () => void worker.terminate() };
};
