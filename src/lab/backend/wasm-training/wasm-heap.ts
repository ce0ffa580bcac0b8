import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmThreading } from '../wasm';
import { wasmThreadsHost } from '../wasm-threads';
import { simdLoops, type SimdLoops } from './simd/loops';
import { inlinePool, startPool, type LoopPool } from './simd/pool';

/** Helpers for kernels that read and write tensors in place on the wasm heap. */

type TensorInfo = tf.TensorInfo;

/** A float32 view of a tensor's memory on the wasm heap (valid until the next allocation). */
export function heapF32(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** A tensor's byte address in the wasm memory. */
export function addressOf(backend: BackendWasm, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error('tensor is not on the wasm heap');
  return data.memoryOffset;
}

/** The whole wasm memory as float32 / float64 (index = byte address / 4 or / 8; valid until it grows). */
export function memoryF32(backend: BackendWasm): Float32Array {
  return new Float32Array(wasmMemory(backend).buffer);
}
export function memoryF64(backend: BackendWasm): Float64Array {
  return new Float64Array(wasmMemory(backend).buffer);
}

/**
 * The backend's WebAssembly.Memory, if it exposes one: the single-threaded builds export it
 * (`asm.memory`); the threaded build creates a shared one and keeps it as `wasmMemory`.
 */
function exposedMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const wasm = backend.wasm as unknown as { asm?: { memory?: unknown }; wasmMemory?: unknown };
  const memory = wasm.asm?.memory ?? wasm.wasmMemory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

function wasmMemory(backend: BackendWasm): WebAssembly.Memory {
  const memory = exposedMemory(backend);
  if (!memory) throw new Error('the wasm backend does not expose its memory');
  return memory;
}

/** The lab's SIMD loops over the backend's memory (null where WebAssembly SIMD is missing). */
export function loopsOf(backend: BackendWasm): SimdLoops | null {
  const memory = exposedMemory(backend);
  return memory ? simdLoops(memory) : null;
}

const pools = new WeakMap<SimdLoops, LoopPool>();

const isShared = (memory: WebAssembly.Memory) =>
  typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

/**
 * The loops on every thread the backend runs on (see `simd/pool.ts`): on the threaded build, a
 * pool of helpers started on first use (kernels run single-threaded until they are up); else the
 * calling thread alone.
 */
export function poolOf(backend: BackendWasm, loops: SimdLoops): LoopPool {
  let pool = pools.get(loops);
  if (!pool) {
    const memory = exposedMemory(backend);
    const host = wasmThreadsHost();
    const { threads } = wasmThreading();
    pool =
      memory && host && threads > 1 && isShared(memory)
        ? startPool(loops, memory, host, threads)
        : inlinePool(loops);
    pools.set(loops, pool);
  }
  return pool;
}

/** Starts the backend's loop threads and resolves with their count (1 without the threaded build or SIMD). */
export async function startLoopThreads(backend: BackendWasm): Promise<number> {
  const loops = loopsOf(backend);
  return loops ? poolOf(backend, loops).started() : 1;
}

/** Allocates an uninitialised float32 tensor on the wasm heap. */
export function allocF32(backend: BackendWasm, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** Same memory as `info` under another shape; not reference-counted, so never dispose it. */
export function viewAs(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Frees an intermediate tensor made inside a kernel. */
export function free(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** Runs another wasm kernel (e.g. the XNNPACK-backed BatchMatMul) from inside a kernel. */
export function runWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
): TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`wasm kernel ${kernelName} is not registered`);
  const out = kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap });
  if (Array.isArray(out)) throw new Error(`wasm kernel ${kernelName} returned several outputs`);
  return out;
}

/** `a [m, k] × b [k, n]` on the wasm backend's fast (non-transposed) matMul path. */
export function matMul2d(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  return runWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
}

/** Zeros `floats` float32s from byte address `at`: memory.fill where the SIMD loops are. */
export function zeroFloats(backend: BackendWasm, at: number, floats: number): void {
  const loops = loopsOf(backend);
  if (loops) loops.zeroBytes(at, 4 * floats);
  else memoryF32(backend).fill(0, at >> 2, (at >> 2) + floats);
}

/** A float32 tensor of zeros on the wasm heap (the gradient when a convolution has no output). */
export function zerosF32(backend: BackendWasm, shape: number[]): TensorInfo {
  const out = allocF32(backend, shape);
  zeroFloats(backend, addressOf(backend, out), tf.util.sizeFromShape(shape));
  return out;
}

/** A kernel input that must be present. */
export function input(inputs: tf.NamedTensorInfoMap, name: string): TensorInfo {
  const info = inputs[name];
  if (!info) throw new Error(`kernel input "${name}" is missing`);
  return info;
}
