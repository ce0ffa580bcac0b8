import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/**
 * Prepares the wasm backend. The threaded build hangs in production bundles, so it is off.
 * `paths` maps wasm file names to URLs (the Worker passes bundler URLs; Node needs none).
 */
export function configureWasm(paths?: Record<string, string>): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (paths) setWasmPaths(paths);
}
