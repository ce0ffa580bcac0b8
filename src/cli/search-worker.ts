/** A worker thread of `lab search --workers k`: its own backend and dataset, serving trials to the pool. */
import { workerData } from 'node:worker_threads';
import { serveOnParentPort } from '../lab/search/parallel/node-worker-pool';
import type { SearchOptions } from './commands/search-options';
import { startNodeBackend } from './node-backend';
import { searchRunner } from './search-runner';

const { options, backend } = workerData.data as { options: SearchOptions; backend?: string };
const ready = startNodeBackend(backend, 'train').then(() => searchRunner(options));
serveOnParentPort(async (request) => (await ready)(request));
