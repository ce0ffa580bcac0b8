/**
 * Child process of the Node throughput suite: measures one backend and prints its rows as JSON
 * on the last stdout line. Usage: tsx bench/node-measure.ts --backend wasm|cpu|webgpu [--quick]
 * A child per backend keeps their global state apart and lets WebGPU get its Vulkan environment.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { configureWasm } from '../src/lab/backend/wasm';
import { registerWasmTrainingKernels } from '../src/lab/backend/wasm-training/register';
import { enableRelaxedSimd } from '../src/cli/node-relaxed-simd';
import { installNodeWebGpu } from '../src/cli/node-webgpu';
import { measureThroughput } from './lib/measure';
import { plansFor } from './lib/plans';
import { throughputRows } from './lib/rows';
import type { BenchRow } from './types';

async function setUp(backend: string): Promise<void> {
  if (backend === 'wasm') {
    enableRelaxedSimd(); // as the lab's CLI does
    configureWasm();
    registerWasmTrainingKernels();
  }
  if (backend === 'webgpu') await installNodeWebGpu();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
  await tf.ready();
}

const args = process.argv.slice(2);
const backend = args[args.indexOf('--backend') + 1];
const quick = args.includes('--quick');
const rows: BenchRow[] = [];
await setUp(backend);
for (const plan of plansFor(backend, quick)) {
  const result = await measureThroughput(plan);
  const planRows = throughputRows(plan, result, backend, 'node');
  console.error(
    `[node ${backend}] ${plan.model}@${plan.size}: train ${planRows[0].value} img/s, infer ${planRows[1].value} img/s`,
  );
  rows.push(...planRows);
}
console.log(JSON.stringify(rows));
process.exit(0);
