import '@tensorflow/tfjs-backend-wasm';
import { activate } from '../lab/backend/select';
import { configureWasm } from '../lab/backend/wasm';
import { registerWasmTrainingKernels } from '../lab/backend/wasm-training/register';
import { isBackendName, type BackendChoice, type BackendName } from '../lab/backend/types';
import { UsageError } from './args';

export type NodeWork = 'train' | 'infer';

/** Node default: wasm, which infers fast and trains fast with the lab's gradient kernels. */
export function defaultNodeBackend(_work: NodeWork): BackendName {
  return 'wasm';
}

/** Starts the requested backend (or the default for the work) and says which one runs, and why. */
export async function startNodeBackend(
  requested: string | undefined,
  work: NodeWork,
): Promise<BackendChoice> {
  if (requested !== undefined && !isBackendName(requested)) {
    throw new UsageError(`--backend must be cpu, wasm, webgl or webgpu (got "${requested}")`);
  }
  configureWasm();
  registerWasmTrainingKernels();
  const name = requested ?? defaultNodeBackend(work);
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
  const reason = requested ? 'forced by --backend' : `default for ${work} in Node`;
  return { name, reason, forced: Boolean(requested), adapter: null, rejected };
}
