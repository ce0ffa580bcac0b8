import '@tensorflow/tfjs-backend-wasm';
import { activate } from '../lab/backend/select';
import { configureWasm, wasmThreading } from '../lab/backend/wasm';
import {
  describeWasmTrainingKernels,
  registerWasmTrainingKernels,
} from '../lab/backend/wasm-training/register';
import { isBackendName, type BackendChoice, type BackendName } from '../lab/backend/types';
import { UsageError } from './args';
import { enableRelaxedSimd } from './node-relaxed-simd';
import { nodeCoreCount, nodeWasmThreadsHost } from './node-wasm-threads';
import { installNodeWebGpu } from './node-webgpu';

export type NodeWork = 'train' | 'infer';

/** wasm infers fast and, with the lab's gradient kernels, trains fast: the Node default for all work. */
export const NODE_DEFAULT_BACKEND: BackendName = 'wasm';

/**
 * Threads for wasm in Node: every core, or `LAB_WASM_THREADS` (1 = the single-threaded build,
 * e.g. to compare with single-threaded PyTorch).
 */
export function nodeWasmThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LAB_WASM_THREADS;
  if (raw === undefined || raw === '') return nodeCoreCount();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`LAB_WASM_THREADS must be a whole number ≥ 1 (got "${raw}")`);
  return n;
}

/**
 * Threads for each of `workers` search workers sharing `total`: two trials of one thread each
 * trained 1.7× as many images a second as one trial of two threads (bench/README.md, 2026-12-04).
 */
export function threadsPerWorker(total: number, workers: number): number {
  return Math.max(1, Math.floor(total / workers));
}

/**
 * XNNPACK's own pool size: `LAB_XNNPACK_THREADS`, else 1 for training (the lab's kernels do its
 * heavy passes; XNNPACK's pool on 2 threads made the FR-NAS DPN's 2-thread step at 32 px
 * 45.6–48.6 ms against 40.4–43.2 on 1, and the other bench networks within noise, 2026-12-04),
 * else the same as the lab's threads (inference: XNNPACK runs the convolutions).
 */
export function nodeXnnpackThreads(
  env: NodeJS.ProcessEnv = process.env,
  work: NodeWork = 'infer',
): number | undefined {
  const raw = env.LAB_XNNPACK_THREADS;
  if (raw === undefined || raw === '') return work === 'train' ? 1 : undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`LAB_XNNPACK_THREADS must be a whole number ≥ 1 (got "${raw}")`);
  return n;
}

/** "2 threads", or "single-threaded: why". */
export function describeThreads(): string {
  const t = wasmThreading();
  return t.threads > 1 ? `${t.threads} threads` : `single-threaded: ${t.singleThreadedBecause}`;
}

/**
 * Starts the requested backend (or the default for the work) and says which one runs, and why.
 * `threads` overrides {@link nodeWasmThreads} (a search worker's share of the cores).
 */
export async function startNodeBackend(
  requested: string | undefined,
  work: NodeWork,
  threads = nodeWasmThreads(),
): Promise<BackendChoice> {
  if (requested !== undefined && !isBackendName(requested)) {
    throw new UsageError(`--backend must be cpu, wasm, webgl or webgpu (got "${requested}")`);
  }
  enableRelaxedSimd();
  const xnnpackThreads = nodeXnnpackThreads(process.env, work);
  configureWasm(undefined, threads > 1 ? { threads, xnnpackThreads, host: nodeWasmThreadsHost() } : {});
  registerWasmTrainingKernels();
  const name = requested ?? NODE_DEFAULT_BACKEND;
  if (name === 'webgpu') await installNodeWebGpu();
  const rejected: BackendChoice['rejected'] = [];
  try {
    await activate(name);
  } catch (error) {
    if (requested) throw error;
    rejected.push({ name, why: (error as Error).message });
    await activate('cpu');
    return {
      name: 'cpu',
      reason: `${name} failed to start, using cpu`,
      forced: false,
      adapter: null,
      rejected,
    };
  }
  const why = requested ? 'forced by --backend' : `default for ${work} in Node`;
  const reason = name === 'wasm' ? `${why}; ${describeWasmTrainingKernels()}; ${describeThreads()}` : why;
  return { name, reason, forced: Boolean(requested), adapter: null, rejected };
}
