/** A worker entry for the pool's tests that dies (exits its thread) on trial 1. */
import { mfZdtProblem } from '../testbed/mf-zdt';
import { serveOnParentPort } from './node-worker-pool';

const problem = mfZdtProblem({ maxBudget: 4 });

serveOnParentPort(async (request) => {
  if (request.trial.number === 1) process.exit(3);
  return problem.runner(request);
});
