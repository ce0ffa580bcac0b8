/// <reference lib="webworker" />
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// The threaded build's pthread workers load this unminified glue (see lab/backend/wasm-threads.ts).
import wasmThreadsGlue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import { IdbDatasetStore } from '../lab/store/idb-store';
import { IdbRunStore } from '../lab/runs/idb-run-store';
import { serve } from './serve';
import type { Handlers, LabApi } from './api';
import type { LabContext } from './handlers/context';
import { sessionHandlers } from './handlers/session';
import { datasetHandlers } from './handlers/datasets';
import { trainingHandlers } from './handlers/training';
import { importHandlers } from './handlers/imports';
import { auditHandlers } from './handlers/audit';
import { mitigationHandlers } from './handlers/mitigation';
import { compressHandlers } from './handlers/compress';
import { searchHandlers } from './handlers/search';

const ctx: LabContext = {
  datasets: new IdbDatasetStore(),
  runs: new IdbRunStore(),
  backend: null,
  wasmPaths: {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  },
  wasmThreadsGlue,
};

const handlers = {
  ...sessionHandlers(ctx),
  ...datasetHandlers(ctx),
  ...trainingHandlers(ctx),
  ...importHandlers(ctx),
  ...auditHandlers(ctx),
  ...mitigationHandlers(),
  ...compressHandlers(ctx),
  ...searchHandlers(ctx),
} satisfies Handlers<LabApi>;

serve(self as unknown as Parameters<typeof serve>[0], handlers);
