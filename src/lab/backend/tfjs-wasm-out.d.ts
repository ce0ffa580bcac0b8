/** tfjs-backend-wasm's pthread worker script (a CommonJS module in its package, untyped). */
declare module '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js' {
  export const wasmWorkerContents: string;
}
