import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../lab/backend/select';
import { configureWasm } from '../../lab/backend/wasm';
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
      configureWasm(ctx.wasmPaths);
      registerWasmTrainingKernels();
      const sweptIncomplete = await ctx.datasets.sweepIncomplete();
      // Without a real GPU, a short calibration (cached in IndexedDB) picks the fastest trainer.
      ctx.backend = await selectBackend({
        forced: backend,
        fallbackOrder: ['webgl', 'wasm', 'cpu'],
        pickFastest,
      });
      if (ctx.backend.name === 'wasm')
        ctx.backend = { ...ctx.backend, reason: `${ctx.backend.reason}; ${describeWasmTrainingKernels()}` };
      return { backend: ctx.backend, tfjsVersion: tf.version.tfjs, sweptIncomplete };
    },
  };
}
