import * as tf from '@tensorflow/tfjs';
import { wasmWorkerContents } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';

/**
 * What it takes to start tfjs-backend-wasm 4.22's threaded build (XNNPACK on a pool of Emscripten
 * pthreads) in a production bundle and in Node. Two things stop it as shipped:
 *
 * 1. The hang. tfjs gives each pthread worker the main script as
 *    `"var WasmBackendModuleThreadedSimd = " + factory.toString()`: the source of the INNER
 *    factory function, without the IIFE that declares `_scriptDir` around it. tfjs guards the one
 *    use, `typeof _scriptDir !== "undefined" && _scriptDir`, but a minifier sees `_scriptDir`
 *    declared in the enclosing scope and folds the guard to `e !== void 0 && e` (the variable
 *    renamed `e`). In the pthread worker `e` is undeclared, so every worker throws
 *    `ReferenceError: e is not defined` before it reports "loaded", and tfjs waits for its pool
 *    of 8 workers forever. The dev server does not minify, so only bundles hang.
 *    Fix: the pthread workers' script gets a prelude that makes them load tfjs's own unminified
 *    glue (`wasm-out/tfjs-backend-wasm-threaded-simd.js`, shipped for this) instead.
 * 2. One thread. tfjs's C++ caps XNNPACK at `emscripten_num_logical_cores() / 2` (it assumes two
 *    hyperthreads per core), so on a 2-core machine the threaded build runs on 1 thread.
 *    Fix: while the backend starts, the core count it reads is reported as twice the threads wanted.
 * Node is off in tfjs (issue tensorflow/tfjs#3830): its pthread workers must be files, which the
 * Node hooks (`src/cli/node-wasm-threads.ts`) write.
 */

/** What differs between the browser (Workers from blob URLs) and Node (worker_threads, files). */
export interface WasmThreadsHost {
  /** A URL (browser) or path (Node) from which a classic worker script `source` loads. */
  scriptUrl(source: string): string;
  /** URL or path of tfjs's unminified threaded glue, loadable by `importScripts` in a pthread worker. */
  glueUrl: string;
  /** Makes the logical-core count that tfjs's C++ reads equal `cores`; returns the undo. */
  reportCores(cores: number): () => void;
  /** Starts a worker running `source` (a classic script); used for the lab's own SIMD helpers. */
  spawn(source: string): SpawnedWorker;
}

export interface SpawnedWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Why threads cannot run here, or null when they can. */
export function threadsUnavailable(): string | null {
  const g = globalThis as { crossOriginIsolated?: boolean };
  if (g.crossOriginIsolated === false) return 'not cross-origin isolated';
  if (typeof SharedArrayBuffer === 'undefined') return 'no SharedArrayBuffer';
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch {
    return 'no WebAssembly threads';
  }
  return null;
}

/** The prelude that makes a pthread worker import `glueUrl` as its main script (see fix 1). */
export function pthreadPrelude(glueUrl: string): string {
  return `URL.createObjectURL = () => ${JSON.stringify(glueUrl)}; URL.revokeObjectURL = () => {};\n`;
}

/** tfjs's pthread worker script exactly as tfjs makes its Blob (newlines inside strings escaped). */
export const TFJS_PTHREAD_SCRIPT = wasmWorkerContents.replace(/\n/g, '\\n');
const pthreadScriptSize = new Blob([TFJS_PTHREAD_SCRIPT]).size;

function isTfjsPthreadScript(value: unknown): boolean {
  return value instanceof Blob && value.type === 'application/javascript' && value.size === pthreadScriptSize;
}

let installed: WasmThreadsHost | null = null;
const startingFactories = new WeakSet<() => unknown>();

/**
 * Prepares the threaded build for `threads` threads: tfjs's flag and thread count, the pthread
 * workers' script (fix 1), and a wasm backend factory that reports the core count (fix 2) while
 * it starts. Call before the wasm backend first starts.
 */
export function installWasmThreads(
  host: WasmThreadsHost,
  threads: number,
  setThreadsCount: (n: number) => void,
): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  if (!installed) {
    const scriptUrl = host.scriptUrl(pthreadPrelude(host.glueUrl) + TFJS_PTHREAD_SCRIPT);
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (value: Blob | MediaSource) =>
      isTfjsPthreadScript(value) ? scriptUrl : createObjectURL(value);
  }
  installed = host;
  const factory = tf.findBackendFactory('wasm');
  if (!factory || startingFactories.has(factory) || wasmStarted()) return;
  const starting = async () => {
    const undo = host.reportCores(2 * threads);
    try {
      return await factory();
    } finally {
      undo();
    }
  };
  startingFactories.add(starting);
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', starting, 2); // 2: tfjs-backend-wasm's own priority
}

/** Whether the wasm backend has started (without starting it, as `tf.findBackend` would). */
export function wasmStarted(): boolean {
  return 'wasm' in tf.engine().registry;
}

/** The host the threaded build was installed with (the lab's SIMD helpers spawn through it). */
export function wasmThreadsHost(): WasmThreadsHost | null {
  return installed;
}
