import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { installWasmThreads, threadsUnavailable, wasmStarted, type WasmThreadsHost } from './wasm-threads';

/** How many threads one wasm training run uses, and why only one when so. */
export interface WasmThreading {
  threads: number;
  /** Why the run is single-threaded (e.g. "not cross-origin isolated"); absent with threads. */
  singleThreadedBecause?: string;
}

export interface WasmOptions {
  /** Threads wanted (XNNPACK's pool and the lab's SIMD helpers); 1 or absent: the single-threaded build. */
  threads?: number;
  /** Where workers come from: required for more than one thread (see `wasm-threads.ts`). */
  host?: WasmThreadsHost;
  /** XNNPACK's own pool size, when it should differ from `threads` (1 to `threads`). */
  xnnpackThreads?: number;
}

/** tfjs's threaded build pre-creates 8 pthread workers and never uses more. */
export const MAX_WASM_THREADS = 8;

let threading: WasmThreading = { threads: 1, singleThreadedBecause: 'one thread requested' };
/** XNNPACK's pool size asked of the threaded build (`WasmOptions.xnnpackThreads`). */
let xnnpackWanted = 1;

/**
 * Prepares the wasm backend before it starts. `paths` maps wasm file names to URLs (the Worker
 * passes bundler URLs; Node needs none). With `threads` > 1 and a host, the threaded build runs
 * where the engine allows it (cross-origin isolation in browsers); otherwise the single-threaded
 * SIMD build, and `wasmThreading()` says why.
 */
export function configureWasm(paths?: Record<string, string>, options: WasmOptions = {}): WasmThreading {
  // Once started, the backend keeps its build and its threads.
  if (wasmStarted()) return wasmThreading();
  if (paths) setWasmPaths(paths);
  const wanted = Math.min(MAX_WASM_THREADS, Math.max(1, Math.floor(options.threads ?? 1)));
  const unavailable = wanted === 1 ? 'one thread requested' : threadsUnavailable();
  if (unavailable || !options.host) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    threading = { threads: 1, singleThreadedBecause: unavailable ?? 'no worker host' };
    return threading;
  }
  xnnpackWanted = Math.min(wanted, Math.max(1, Math.floor(options.xnnpackThreads ?? wanted)));
  installWasmThreads(options.host, wanted, () => setThreadsCount(xnnpackWanted));
  threading = { threads: wanted };
  return threading;
}

/**
 * The threads the wasm backend runs on: what was configured, or 1 once started if the threaded
 * build's XNNPACK pool came up short of what was asked (the lab's SIMD helpers follow this).
 */
export function wasmThreading(): WasmThreading {
  if (threading.threads === 1 || !wasmStarted()) return threading;
  const actual = getThreadsCount();
  if (actual === xnnpackWanted) return threading;
  threading =
    actual > 1
      ? { threads: actual }
      : { threads: 1, singleThreadedBecause: 'the threaded build started 1 thread' };
  return threading;
}
