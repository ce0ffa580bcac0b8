import type { WasmThreadsHost } from './wasm-threads';

/**
 * The threaded wasm build in a browser Worker (see `wasm-threads.ts`): workers start from blob
 * URLs (same-origin, so allowed under `Cross-Origin-Embedder-Policy: require-corp`), and tfjs's C++
 * reads the core count from `navigator.hardwareConcurrency`. `glueSource` is tfjs's unminified
 * `wasm-out/tfjs-backend-wasm-threaded-simd.js` (the Worker imports it with Vite's `?raw`).
 */
export function browserWasmThreadsHost(glueSource: string): WasmThreadsHost {
  const url = (source: string) => URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return {
    glueUrl: url(glueSource),
    scriptUrl: url,
    reportCores(cores) {
      Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores, configurable: true });
      return () => {
        delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
      };
    },
    spawn(source) {
      const worker = new Worker(url(source));
      return { postMessage: (m) => worker.postMessage(m), terminate: () => worker.terminate() };
    },
  };
}

/** Threads a browser offers one training run: its logical cores (tfjs's pool stops at 8). */
export function browserCoreCount(): number {
  return typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0
    ? navigator.hardwareConcurrency
    : 1;
}
