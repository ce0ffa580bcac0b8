/// <reference lib="webworker" />
/**
 * A trial Worker of a study: the lab Worker spawns k of them (Optuna's n_jobs). Each starts the
 * same backend as the lab Worker, reads the dataset from IndexedDB, and serves trials over the
 * search's runner protocol; its step progress goes back as { type: 'progress' } messages.
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-wasm';
import { activate } from '../lab/backend/select';
import { configureWasm } from '../lab/backend/wasm';
import { registerWasmTrainingKernels } from '../lab/backend/wasm-training/register';
import type { BackendName } from '../lab/backend/types';
import { serveRunner } from '../lab/search/parallel/serve-runner';
import type { TrialRunner } from '../lab/search/runner';
import { createTrainingRunner, type SearchTrainingContext } from '../lab/search/training/training-runner';
import { IdbDatasetStore } from '../lab/store/idb-store';

/** The first message a trial Worker gets. */
export interface ConfigureTrialWorker {
  type: 'configure';
  backend: BackendName;
  wasmPaths?: Record<string, string>;
  datasetId: string;
  context: Omit<SearchTrainingContext, 'store' | 'manifest' | 'onProgress'>;
}

let runner: Promise<TrialRunner> | null = null;

async function configure(message: ConfigureTrialWorker): Promise<TrialRunner> {
  configureWasm(message.wasmPaths);
  registerWasmTrainingKernels();
  await activate(message.backend);
  const store = new IdbDatasetStore();
  const manifest = await store.manifest(message.datasetId);
  if (!manifest) throw new Error(`No dataset with id "${message.datasetId}"`);
  return createTrainingRunner({
    ...message.context,
    store,
    manifest,
    onProgress: (p) => self.postMessage({ type: 'progress', progress: p }),
  });
}

self.addEventListener('message', (event: MessageEvent) => {
  if (event.data?.type === 'configure') runner = configure(event.data as ConfigureTrialWorker);
});

serveRunner(
  {
    postMessage: (m, transfer) => self.postMessage(m, transfer ?? []),
    onMessage: (listener) => {
      const handler = (e: MessageEvent) => e.data?.type !== 'configure' && listener(e.data);
      self.addEventListener('message', handler);
      return () => self.removeEventListener('message', handler);
    },
  },
  async (request) => {
    if (!runner) throw new Error('the trial Worker was not configured');
    return (await runner)(request);
  },
);
