/**
 * Browser side of the Chromium suite: measures the backends this page can start and exposes the
 * rows on `window.benchResult`. Query: ?backends=webgpu,webgl,wasm&quick=1[&threads=N]; wasm runs
 * threaded (every core, or N) when the page is cross-origin isolated, as the lab's Worker does.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import wasmThreadsGlue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { configureWasm, wasmThreading } from '../../src/lab/backend/wasm';
import { browserCoreCount, browserWasmThreadsHost } from '../../src/lab/backend/wasm-threads-browser';
import { startLoopThreads } from '../../src/lab/backend/wasm-training/wasm-heap';
import { measureEpoch } from '../lib/epoch';
import { registerWasmTrainingKernels } from '../../src/lab/backend/wasm-training/register';
import { probeWebGpuAdapter, describeAdapter } from '../../src/lab/backend/webgpu-adapter';
import { measureThroughput } from '../lib/measure';
import { plansFor } from '../lib/plans';
import { epochRows, throughputRows } from '../lib/rows';
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
  const threads = Number(params.get('threads') ?? browserCoreCount());
  configureWasm(
    {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
    threads > 1 ? { threads, host: browserWasmThreadsHost(wasmThreadsGlue) } : {},
  );
  registerWasmTrainingKernels();
  const adapter = await probeWebGpuAdapter();
  result.notes.push(
    `chromium webgpu adapter: ${adapter ? describeAdapter(adapter) : 'none'}${adapter?.isFallbackAdapter ? ' (software)' : ''}`,
  );
  for (const backend of backends) {
    try {
      if (!(await tf.setBackend(backend))) throw new Error('failed to initialise');
      await tf.ready();
      let threads: number | undefined;
      if (backend === 'wasm') {
        await startLoopThreads(tf.backend() as BackendWasm);
        const t = wasmThreading();
        threads = t.threads;
        result.notes.push(
          `chromium wasm: ${t.threads > 1 ? `${t.threads} threads` : `single-threaded: ${t.singleThreadedBecause}`}`,
        );
      }
      const plans = plansFor(backend, quick);
      for (const plan of plans.steps) {
        const rows = throughputRows(plan, await measureThroughput(plan), backend, 'chromium', threads);
        log(`${backend} ${plan.model}@${plan.size}: train ${rows[0].value} img/s`);
        result.rows.push(...rows);
      }
      for (const plan of plans.epochs) {
        const rows = epochRows(plan, await measureEpoch(plan), backend, 'chromium', threads);
        log(`${backend} ${plan.model}@${plan.size}: epoch ${rows[0].value} s`);
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
