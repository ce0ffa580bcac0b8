import { cpus } from 'node:os';
import { nodeCoreCount } from '../../src/cli/node-wasm-threads';

/**
 * The machine's peak float32 rate, estimated as cores × clock × SIMD lanes × 2 (a fused
 * multiply-add is 2 FLOPs) × FMA units per core. This machine's CPU (AVX-512, as /proc/cpuinfo's
 * flags say) is taken to have 2 FMA units per core at its nominal clock (os.cpus()[0].speed; turbo
 * ignored). Native code (PyTorch's oneDNN) can use 16-lane AVX-512; WebAssembly SIMD is 128-bit, 4
 * lanes, so its ceiling is a quarter of that, and half of that again without relaxed SIMD's
 * multiply-add (a multiply and an add are two instructions).
 */
export interface MachinePeak {
  cores: number;
  ghz: number;
  fmaUnits: number;
  /** GFLOP/s per thread: 16-lane FMA (AVX-512) and 4-lane FMA (wasm SIMD with relaxed multiply-add). */
  nativePerThread: number;
  wasmPerThread: number;
}

export function machinePeak(): MachinePeak {
  const mhz = cpus()[0]?.speed || 2600;
  const ghz = mhz / 1000;
  const fmaUnits = 2;
  return {
    cores: nodeCoreCount(),
    ghz,
    fmaUnits,
    nativePerThread: ghz * 16 * 2 * fmaUnits,
    wasmPerThread: ghz * 4 * 2 * fmaUnits,
  };
}
