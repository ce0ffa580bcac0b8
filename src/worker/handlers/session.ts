import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../lab/backend/select';
import { configureWasm } from '../../lab/backend/wasm';
import type { Handlers } from '../api';
import type { SessionApi } from '../api/session';
import type { LabContext } from './context';

export function sessionHandlers(ctx: LabContext): Handlers<SessionApi> {
  return {
    async init({ backend }) {
      configureWasm(ctx.wasmPaths);
      const sweptIncomplete = await ctx.datasets.sweepIncomplete();
      ctx.backend = await selectBackend({ forced: backend, fallbackOrder: ['webgl', 'cpu'] });
      return { backend: ctx.backend, tfjsVersion: tf.version.tfjs, sweptIncomplete };
    },
  };
}
