/** A worker thread holding one replica of a data-parallel training run (`node-replicas.ts`). */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReplicaInit } from '../lab/train/data-parallel/replica';
import { serveReplica } from '../lab/train/data-parallel/replica';
import { startNodeBackend } from './node-backend';

const init = workerData.data as ReplicaInit;
try {
  const choice = await startNodeBackend('wasm', 'train', 1);
  if (choice.name !== 'wasm') throw new Error(`a replica trains on wasm (got ${choice.name})`);
  await serveReplica(init, () => parentPort!.postMessage({ ready: true }));
  parentPort!.postMessage({ done: true });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
process.exit(0);
