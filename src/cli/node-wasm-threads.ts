import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WasmThreadsHost } from '../lab/backend/wasm-threads';

/**
 * tfjs's threaded wasm build in Node, through worker_threads (see `lab/backend/wasm-threads.ts`):
 * pthread workers load from files (Node's Worker takes no blob URL), and tfjs's C++ reads the core
 * count from `os.cpus()`. The lab's SIMD helpers are eval'd workers that do not hold the process open.
 */
export function nodeWasmThreadsHost(): WasmThreadsHost {
  const require = createRequire(import.meta.url);
  const dir = mkdtempSync(join(os.tmpdir(), 'fairness-lab-wasm-threads-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  let files = 0;
  return {
    glueUrl: require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'),
    scriptUrl(source) {
      const file = join(dir, `worker-${files++}.cjs`);
      writeFileSync(file, source);
      return file;
    },
    reportCores(cores) {
      const cpus = os.cpus;
      const real = cpus();
      os.cpus = () => Array.from({ length: cores }, (_, i) => real[i % real.length]);
      return () => {
        os.cpus = cpus;
      };
    },
    spawn(source) {
      // No loader flags: the helper is plain JavaScript.
      const worker = new Worker(source, { eval: true, execArgv: [] });
      worker.unref();
      return { postMessage: (m) => worker.postMessage(m), terminate: () => void worker.terminate() };
    },
  };
}

/** Every core this process may use (Node's own count: cgroup limits included). */
export function nodeCoreCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}
