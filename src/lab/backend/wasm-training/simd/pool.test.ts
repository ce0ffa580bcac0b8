import { describe, expect, it } from 'vitest';
import type { WasmThreadsHost } from '../../wasm-threads';
import { LOOP_NAMES, loopsModule, simdLoops } from './loops';
import { loopPoolStats, startPool } from './pool';
import { MAX_ARITY, READY } from './pool-helper';

/**
 * A helper that reports ready but never runs (as one left without a core): the calling thread
 * must take its part back instead of waiting for it.
 */
const stalledHost: WasmThreadsHost = {
  glueUrl: '',
  scriptUrl: () => '',
  reportCores: () => () => {},
  spawn: () => ({
    postMessage: (m) =>
      Atomics.store(new Int32Array((m as { control: SharedArrayBuffer }).control), READY, 1),
    terminate: () => {},
  }),
};

describe('the SIMD helper pool', () => {
  it("its helpers' dispatcher takes every loop's arguments", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const module = new WebAssembly.Module(loopsModule(false));
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const arities = LOOP_NAMES.map((name) => (exports[name] as (...args: number[]) => void).length);
    expect(Math.max(...arities)).toBe(MAX_ARITY);
  });

  it('takes back the parts of a helper that has not started them, with the same results', () => {
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 2, shared: true });
    const loops = simdLoops(memory);
    if (!loops) throw new Error('WebAssembly SIMD is unavailable');
    const pool = startPool(loops, memory, stalledHost, 3);
    expect(pool.threads).toBe(3);
    const f32 = new Float32Array(memory.buffer);
    const [src, dst] = [4096, 8192]; // bytes; 3 parts × 4 rows × 4 floats
    f32.set(
      Array.from({ length: 48 }, (_, i) => i + 0.5),
      src / 4,
    );
    const before = loopPoolStats.reclaimed;
    pool.run(3, (p, l) => l.copyRows(dst + 64 * p, 16, src + 64 * p, 16, 4, 16));
    expect(loopPoolStats.reclaimed - before).toBe(2);
    expect(Array.from(f32.subarray(dst / 4, dst / 4 + 48))).toEqual(
      Array.from(f32.subarray(src / 4, src / 4 + 48)),
    );
  });
});
