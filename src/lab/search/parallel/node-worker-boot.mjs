// Boots a Node worker thread of the search's worker pool: loads the entry module through tsx,
// so a TypeScript module runs as it does under `npm run lab` (worker threads do not inherit
// the parent's loader hooks).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.module, import.meta.url);
