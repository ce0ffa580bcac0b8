import '@tensorflow/tfjs-backend-wasm';
import { activate } from '../lab/backend/select';
import { configureWasm } from '../lab/backend/wasm';
import {
  describeWasmTrainingKernels,
  registerWasmTrainingKernels,
} from '../lab/backend/wasm-training/register';
import { isBackendName, type BackendChoice, type BackendName } from '../lab/backend/types';
import { UsageError } from './args';
import { enableRelaxedSimd } from './node-relaxed-simd';
import { installNodeWebGpu } from './node-webgpu';

export type NodeWork = 'train' | 'infer';

/** wasm infers fast and, with the lab's gradient kernels, trains fast: the Node default for all work. */
export const NODE_DEFAULT_BACKEND: BackendName = 'wasm';

/** Starts the requested backend (or the default for the work) and says which one runs, and why. */
export async function startNodeBackend(
  requested: string | undefined,
  work: NodeWork,
): Promise<BackendChoice> {
  if (requested !== undefined && !isBackendName(requested)) {
    throw new UsageError(`--backend must be cpu, wasm, webgl or webgpu (got "${requested}")`);
  }
  enableRelaxedSimd();
  configureWasm();
  registerWasmTrainingKernels();
  const name = requested ?? NODE_DEFAULT_BACKEND;
  if (name === 'webgpu') await installNodeWebGpu();
  const rejected: BackendChoice['rejected'] = [];
  try {
    await activate(name);
  } catch (error) {
    if (requested) throw error;
    rejected.push({ name, why: (error as Error).message });
    await activate('cpu');
    return {
      name: 'cpu',
      reason: `${name} failed to start, using cpu`,
      forced: false,
      adapter: null,
      rejected,
    };
  }
  const why = requested ? 'forced by --backend' : `default for ${work} in Node`;
  const reason = name === 'wasm' ? `${why}; ${describeWasmTrainingKernels()}` : why;
  return { name, reason, forced: Boolean(requested), adapter: null, rejected };
}
