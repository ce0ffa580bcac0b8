import * as tf from '@tensorflow/tfjs';

/** Unit tests run on tfjs's cpu backend: deterministic and available everywhere. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** The fastest backend that can train in Node, for tests that train real models. */
export async function useTrainingBackend(): Promise<void> {
  await useCpuBackend();
}
