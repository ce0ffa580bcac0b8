/**
 * A worker entry for the pool's tests: the MF-ZDT benchmark on FR-NAS's space, with a delay per
 * epoch and the worker's thread id in the result, so a test can see which thread ran what.
 */
import { threadId, workerData } from 'node:worker_threads';
import { mfZdtProblem } from '../testbed/mf-zdt';
import { serveOnParentPort } from './node-worker-pool';

const { maxBudget, epochDelayMs } = (workerData?.data ?? {}) as { maxBudget?: number; epochDelayMs?: number };
const problem = mfZdtProblem({ maxBudget: maxBudget ?? 4, epochDelayMs: epochDelayMs ?? 2 });

serveOnParentPort(async (request) => {
  const result = await problem.runner(request);
  return { ...result, userAttrs: { ...result.userAttrs, thread: threadId } };
});
