import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../lab/backend/select';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { configureWasm, wasmThreading } from '../../lab/backend/wasm';
import { browserCoreCount, browserWasmThreadsHost } from '../../lab/backend/wasm-threads-browser';
import { startLoopThreads } from '../../lab/backend/wasm-training/wasm-heap';
import { pickFastest } from '../../lab/calibration/calibration';
import {
  describeWasmTrainingKernels,
  registerWasmTrainingKernels,
} from '../../lab/backend/wasm-training/register';
import type { Handlers } from '../api';
import type { SessionApi } from '../api/session';
import type { LabContext } from './context';

export function sessionHandlers(ctx: LabContext): Handlers<SessionApi> {
  return {
    async init({ backend }) {
      // Every core where the page is cross-origin isolated; else the single-threaded build.
      const threads = ctx.wasmThreadsGlue ? browserCoreCount() : 1;
      const host =
        threads > 1 && ctx.wasmThreadsGlue ? browserWasmThreadsHost(ctx.wasmThreadsGlue) : undefined;
      configureWasm(ctx.wasmPaths, { threads, host });
      registerWasmTrainingKernels();
      const sweptIncomplete = await ctx.datasets.sweepIncomplete();
      // Without a real GPU, a short calibration (cached in IndexedDB) picks the fastest trainer.
      ctx.backend = await selectBackend({
        forced: backend,
        fallbackOrder: ['webgl', 'wasm', 'cpu'],
        pickFastest,
      });
      if (ctx.backend.name === 'wasm') {
        await startLoopThreads(tf.backend() as BackendWasm);
        ctx.backend = { ...ctx.backend, reason: `${ctx.backend.reason}; ${describeWasmTrainingKernels()}` };
      }
      return {
        backend: ctx.backend,
        threads: wasmThreading(),
        tfjsVersion: tf.version.tfjs,
        sweptIncomplete,
      };
    },
  };
}
