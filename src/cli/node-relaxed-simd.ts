import v8 from 'node:v8';

/**
 * Node 20 validates WebAssembly relaxed SIMD only behind a V8 flag (Chromium and Node ≥ 22 ship
 * it). Set before the lab's SIMD module is first compiled, it lets the filter-gradient tiles use
 * relaxed multiply-add, as in the browser.
 */
export function enableRelaxedSimd(): void {
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
}
