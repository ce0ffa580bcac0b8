import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { configureWasm } from '../backend/wasm';
import { registerWasmTrainingKernels } from '../backend/wasm-training/register';

/** Unit tests run on tfjs's cpu backend: deterministic and available everywhere. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** wasm with the lab's gradient kernels: the fastest backend that trains in Node. */
export async function useTrainingBackend(): Promise<void> {
  configureWasm();
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
}
