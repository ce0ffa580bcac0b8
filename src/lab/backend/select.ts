import * as tf from '@tensorflow/tfjs';
import type { AdapterInfo, BackendChoice, BackendName } from './types';
import { describeAdapter, probeWebGpuAdapter } from './webgpu-adapter';

export interface SelectOptions {
  /** A backend the user forced (URL `?backend=` or CLI `--backend`). */
  forced?: BackendName;
  /** Order to try when there is no real GPU. */
  fallbackOrder?: BackendName[];
  /**
   * Picks among working fallback backends by measurement (see calibration);
   * when absent, the first that initialises wins.
   */
  pickFastest?: (working: BackendName[]) => Promise<{ name: BackendName; why: string }>;
  /** Adapter probe, replaceable in tests. */
  probeAdapter?: () => Promise<AdapterInfo | null>;
}

/**
 * Chooses and activates a backend: WebGPU when the adapter is a real GPU; otherwise
 * (no adapter, or a software fallback such as SwiftShader) the fallback order.
 */
export async function selectBackend(options: SelectOptions = {}): Promise<BackendChoice> {
  const adapter = await (options.probeAdapter ?? probeWebGpuAdapter)();
  const rejected: BackendChoice['rejected'] = [];
  if (options.forced) {
    await activate(options.forced);
    return { name: options.forced, reason: `forced by the user`, forced: true, adapter, rejected };
  }
  if (adapter && !adapter.isFallbackAdapter) {
    if (await tryActivate('webgpu', rejected)) {
      return {
        name: 'webgpu',
        reason: `real GPU: ${describeAdapter(adapter)}`,
        forced: false,
        adapter,
        rejected,
      };
    }
  } else {
    rejected.push({
      name: 'webgpu',
      why: adapter ? `adapter is a software fallback (${describeAdapter(adapter)})` : 'no WebGPU adapter',
    });
  }
  const order = options.fallbackOrder ?? ['webgl', 'cpu'];
  const working: BackendName[] = [];
  for (const name of order) {
    if (await tryActivate(name, rejected)) {
      working.push(name);
      if (!options.pickFastest) break;
    }
  }
  if (working.length === 0)
    throw new Error(`No tfjs backend could start: ${rejected.map((r) => `${r.name}: ${r.why}`).join('; ')}`);
  let name = working[0];
  let why = `${name} is the first fallback that started`;
  if (options.pickFastest && working.length > 1) ({ name, why } = await options.pickFastest(working));
  await activate(name);
  const webgpuNote = rejected.find((r) => r.name === 'webgpu')?.why;
  return { name, reason: webgpuNote ? `${webgpuNote}; ${why}` : why, forced: false, adapter, rejected };
}

async function tryActivate(name: BackendName, rejected: BackendChoice['rejected']): Promise<boolean> {
  try {
    await activate(name);
    return true;
  } catch (error) {
    rejected.push({ name, why: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

/**
 * Sets the tfjs backend and fails loudly when it cannot start: with an Error the caller records
 * or shows, never on the console (see `withoutTfjsWarnings`).
 */
export async function activate(name: BackendName): Promise<void> {
  if (tf.findBackendFactory(name) === null && tf.findBackend(name) === null) {
    throw new Error(`the ${name} backend is not available here`);
  }
  const ok = await withoutTfjsWarnings(() => tf.setBackend(name));
  if (!ok) throw new Error(`the ${name} backend failed to initialise`);
  await tf.ready();
}

/**
 * tfjs logs "Initialization of backend … failed" and a stack trace (console.warn) for every backend
 * that does not start. Probing is meant to find those, and the reason travels in `rejected` or
 * the thrown Error, so the log is muted for the probe: tfjs's `log.warn` stays silent while its
 * PROD flag is set, and the flag affects nothing else.
 */
async function withoutTfjsWarnings<T>(run: () => Promise<T>): Promise<T> {
  const env = tf.env();
  const prod = env.getBool('PROD');
  env.set('PROD', true);
  try {
    return await run();
  } finally {
    env.set('PROD', prod);
  }
}
