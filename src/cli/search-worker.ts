/** A worker thread of `lab search --workers k`: its own backend and dataset, serving trials to the pool. */
import { workerData } from 'node:worker_threads';
import { serveOnParentPort } from '../lab/search/parallel/node-worker-pool';
import type { SearchOptions } from './commands/search-options';
import { nodeWasmThreads, startNodeBackend, threadsPerWorker } from './node-backend';
import { searchRunner } from './search-runner';

const { options, backend } = workerData.data as { options: SearchOptions; backend?: string };
const threads = threadsPerWorker(nodeWasmThreads(), options.workers);
const ready = startNodeBackend(backend, 'train', threads).then(() => searchRunner(options));
serveOnParentPort(async (request) => (await ready)(request));
