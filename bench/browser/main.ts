/**
 * Browser side of the Chromium suite: measures the backends this page can start and exposes the
 * rows on `window.benchResult`. Query: ?backends=webgpu,webgl,wasm&quick=1
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { configureWasm } from '../../src/lab/backend/wasm';
import { registerWasmTrainingKernels } from '../../src/lab/backend/wasm-training/register';
import { probeWebGpuAdapter, describeAdapter } from '../../src/lab/backend/webgpu-adapter';
import { measureThroughput } from '../lib/measure';
import { plansFor } from '../lib/plans';
import { throughputRows } from '../lib/rows';
import type { BenchRow } from '../types';

interface BenchResult {
  rows: BenchRow[];
  notes: string[];
  done: boolean;
}
const result: BenchResult = { rows: [], notes: [], done: false };
(window as unknown as { benchResult: BenchResult }).benchResult = result;
const log = (line: string) => (document.getElementById('log')!.textContent += `\n${line}`);

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const quick = params.get('quick') === '1';
  const backends = (params.get('backends') ?? 'webgpu,webgl,wasm').split(',');
  configureWasm({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  registerWasmTrainingKernels();
  const adapter = await probeWebGpuAdapter();
  result.notes.push(
    `chromium webgpu adapter: ${adapter ? describeAdapter(adapter) : 'none'}${adapter?.isFallbackAdapter ? ' (software)' : ''}`,
  );
  for (const backend of backends) {
    try {
      if (!(await tf.setBackend(backend))) throw new Error('failed to initialise');
      await tf.ready();
      for (const plan of plansFor(backend, quick)) {
        const rows = throughputRows(plan, await measureThroughput(plan), backend, 'chromium');
        log(`${backend} ${plan.model}@${plan.size}: train ${rows[0].value} img/s`);
        result.rows.push(...rows);
      }
    } catch (error) {
      result.notes.push(
        `chromium ${backend}: unavailable (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  result.done = true;
}

main().catch((error) => {
  result.notes.push(`chromium bench failed: ${String(error)}`);
  result.done = true;
});
