import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { nodeWasmThreads, nodeXnnpackThreads, threadsPerWorker } from './node-backend';
import { nodeCoreCount } from './node-wasm-threads';

describe('wasm threads from the environment', () => {
  it('takes every core unless LAB_WASM_THREADS says otherwise', () => {
    expect(nodeWasmThreads({})).toBe(nodeCoreCount());
    expect(nodeWasmThreads({ LAB_WASM_THREADS: '' })).toBe(nodeCoreCount());
    expect(nodeWasmThreads({ LAB_WASM_THREADS: '1' })).toBe(1);
  });

  it('gives XNNPACK one thread for training and the lab threads for inference, unless LAB_XNNPACK_THREADS says otherwise', () => {
    expect(nodeXnnpackThreads({})).toBeUndefined();
    expect(nodeXnnpackThreads({ LAB_XNNPACK_THREADS: '' })).toBeUndefined();
    expect(nodeXnnpackThreads({}, 'train')).toBe(1);
    expect(nodeXnnpackThreads({ LAB_XNNPACK_THREADS: '2' }, 'train')).toBe(2);
    expect(nodeXnnpackThreads({ LAB_XNNPACK_THREADS: '1' })).toBe(1);
  });

  it('gives each search worker its share of the threads, at least one', () => {
    expect(threadsPerWorker(2, 1)).toBe(2);
    expect(threadsPerWorker(2, 2)).toBe(1);
    expect(threadsPerWorker(8, 3)).toBe(2);
    expect(threadsPerWorker(2, 4)).toBe(1);
  });

  it('rejects counts that are not whole numbers ≥ 1', () => {
    for (const bad of ['0', '-1', '1.5', 'two']) {
      expect(() => nodeWasmThreads({ LAB_WASM_THREADS: bad })).toThrow(UsageError);
      expect(() => nodeXnnpackThreads({ LAB_XNNPACK_THREADS: bad })).toThrow(/LAB_XNNPACK_THREADS/);
    }
  });
});
