/**
 * Child process of the Node throughput suite: measures one backend and prints its rows as JSON
 * on the last stdout line. Usage: tsx bench/node-measure.ts --backend wasm|cpu|webgpu
 * [--threads N | --replicas N] [--quick]. `--replicas N` trains each step data-parallel over N
 * one-thread replicas (backend row `wasm-data-parallel`, threads N), training steps only. A child per backend (and per wasm thread count) keeps their global
 * state apart and lets WebGPU get its Vulkan environment.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { configureWasm, wasmThreading } from '../src/lab/backend/wasm';
import { registerWasmTrainingKernels } from '../src/lab/backend/wasm-training/register';
import { startLoopThreads } from '../src/lab/backend/wasm-training/wasm-heap';
import { enableRelaxedSimd } from '../src/cli/node-relaxed-simd';
import { nodeXnnpackThreads } from '../src/cli/node-backend';
import { spawnNodeReplica } from '../src/cli/node-replicas';
import { nodeWasmThreadsHost } from '../src/cli/node-wasm-threads';
import { installNodeWebGpu } from '../src/cli/node-webgpu';
import { measureEpoch } from './lib/epoch';
import { measureThroughput } from './lib/measure';
import { plansFor } from './lib/plans';
import { epochRows, throughputRows } from './lib/rows';
import type { BenchRow } from './types';

const args = process.argv.slice(2);
const backend = args[args.indexOf('--backend') + 1];
const quick = args.includes('--quick');
const wantedThreads = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : 1;
const replicas = args.includes('--replicas') ? Number(args[args.indexOf('--replicas') + 1]) : 1;
if (replicas > 1 && (backend !== 'wasm' || wantedThreads !== 1))
  throw new Error('--replicas trains on wasm, one thread a replica');

/** Starts the backend as the lab's CLI does; returns the threads it runs on (wasm). */
async function setUp(): Promise<number | undefined> {
  if (backend === 'wasm') {
    enableRelaxedSimd();
    // XNNPACK's pool as `lab train` sizes it (src/cli/node-backend.ts): inference rows too.
    const xnnpackThreads = nodeXnnpackThreads(process.env, 'train');
    configureWasm(
      undefined,
      wantedThreads > 1 ? { threads: wantedThreads, xnnpackThreads, host: nodeWasmThreadsHost() } : {},
    );
    registerWasmTrainingKernels();
  }
  if (backend === 'webgpu') await installNodeWebGpu();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
  await tf.ready();
  if (backend !== 'wasm') return undefined;
  await startLoopThreads(tf.backend() as BackendWasm);
  return wasmThreading().threads;
}

const threads = await setUp();
const parallel = replicas > 1 ? { replicas, spawn: spawnNodeReplica } : undefined;
const rowBackend = parallel ? 'wasm-data-parallel' : backend;
const rowThreads = parallel ? replicas : threads;
const label = parallel
  ? `[node wasm ${replicas}×1t data-parallel]`
  : `[node ${backend}${threads ? ` ${threads}t` : ''}]`;
const rows: BenchRow[] = [];
const plans = plansFor(backend, quick);
for (const plan of plans.steps) {
  const planRows = throughputRows(
    plan,
    await measureThroughput(plan, parallel),
    rowBackend,
    'node',
    rowThreads,
  );
  console.error(
    `${label} ${plan.model}@${plan.size}: train ${planRows[0].value} img/s, infer ${planRows[1].value} img/s`,
  );
  rows.push(...planRows);
}
for (const plan of parallel ? [] : plans.epochs) {
  const planRows = epochRows(plan, await measureEpoch(plan), backend, 'node', threads);
  console.error(`${label} ${plan.model}@${plan.size}: epoch ${planRows[0].value} s`);
  rows.push(...planRows);
}
console.log(JSON.stringify(rows));
process.exit(0);
