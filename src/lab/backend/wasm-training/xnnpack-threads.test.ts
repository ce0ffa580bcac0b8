import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmThreadsHost } from '../../../cli/node-wasm-threads';
import { configureWasm, wasmThreading } from '../wasm';
import { registerWasmTrainingKernels } from './register';
import { loopPoolStats, setLoopThreads } from './simd/pool';
import { randomValues } from './test-helpers';
import { startLoopThreads } from './wasm-heap';

/** XNNPACK's pool on 1 thread inside the threaded build, the lab's SIMD helpers on 2. */

let loopThreads = 0;
beforeAll(async () => {
  configureWasm(undefined, { threads: 2, xnnpackThreads: 1, host: nodeWasmThreadsHost() });
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
  loopThreads = await startLoopThreads(tf.backend() as BackendWasm);
});

describe('XNNPACK threads apart from the lab threads', () => {
  it('starts XNNPACK on 1 thread and the lab loops on 2', () => {
    expect(getThreadsCount()).toBe(1);
    expect(wasmThreading()).toEqual({ threads: 2 });
    expect(loopThreads).toBe(2);
  });

  it('hands the lab passes to the helper and computes a filter gradient', () => {
    setLoopThreads({ minPartWork: 1 });
    const before = loopPoolStats.parallelRuns;
    const x = tf.tensor(randomValues(3 * 9 * 8 * 5, 1), [3, 9, 8, 5]) as tf.Tensor4D;
    const dy = tf.tensor(randomValues(3 * 9 * 8 * 12, 2), [3, 9, 8, 12]) as tf.Tensor4D;
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 5, 12] };
    const dW = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
    const values = dW.dataSync();
    setLoopThreads({});
    expect(loopPoolStats.parallelRuns).toBeGreaterThan(before);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.some((v) => v !== 0)).toBe(true);
  });
});
