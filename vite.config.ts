/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation (COOP + COEP), so the Worker has SharedArrayBuffer and trains on the
 * threaded wasm build on every core. Deployments must send the same two headers (README, "Backends").
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  // Crawl the Worker too, so the dev server bundles its dependencies up front instead of reloading.
  optimizeDeps: { entries: ['index.html', 'src/worker/lab.worker.ts'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Node 20 validates relaxed SIMD only behind this flag (Chromium and Node ≥ 22 by default), so
    // the unit tests can run the lab's multiply-add tiles as well as the plain ones.
    execArgv: ['--experimental-wasm-relaxed-simd'],
  },
});
