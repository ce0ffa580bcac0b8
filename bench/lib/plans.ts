import { QUICK_PRESET, syntheticImageCount } from '../../src/lab/data/synthetic/config';
import { DEFAULT_FRACTIONS } from '../../src/lab/data/splits/stratified';
import type { EpochPlan } from './epoch';
import type { ThroughputPlan } from './measure';

/** What one backend measures: training / inference throughput, and real epochs of the search's workload. */
export interface BackendPlans {
  steps: ThroughputPlan[];
  epochs: EpochPlan[];
}

/** Training steps in one epoch of the quick synthetic task (its stratified training split, batch 64). */
export const QUICK_EPOCH_STEPS = Math.ceil(
  Math.round(syntheticImageCount(QUICK_PRESET) * DEFAULT_FRACTIONS.train) / 64,
);

const SIZES = [32, 64];

/**
 * wasm (and Chromium's wasm) measures everything: the reference CNN, the FR-NAS DPN and the
 * expression CNN at 32 and 64 px (the mid DARTS candidate too in full mode), and an epoch of the
 * DPN and the expression CNN on the quick task. The cpu backend takes ~50 s per reference-CNN
 * step and software WebGPU/WebGL (SwiftShader) are similar, so they time one step of the
 * reference CNN and of the DPN at 32 px (the DPN's epoch is then extrapolated from its step).
 */
export function plansFor(backend: string, quick: boolean): BackendPlans {
  const slow = backend === 'cpu' || backend === 'webgl' || backend === 'webgpu';
  const models = ['reference-cnn', 'frnas-dpn', 'expression-cnn', ...(quick ? [] : ['mid-darts'])] as const;
  if (slow) {
    const one = (model: ThroughputPlan['model']): ThroughputPlan => ({
      model,
      size: 32,
      batch: 64,
      warmupSteps: 0,
      timedSteps: 1,
    });
    return { steps: quick ? [one('reference-cnn'), one('frnas-dpn')] : models.map(one), epochs: [] };
  }
  // wasm: the first steps run the lab's SIMD loops before the engine has optimised them (and
  // allocate), so 32 px gets 3 warm-up steps and a median of 7.
  const steps = models.flatMap((model) =>
    SIZES.map((size): ThroughputPlan => {
      const [warmupSteps, timedSteps] = quick ? (size === 32 ? [3, 7] : [1, 3]) : [3, 9];
      return { model, size, batch: 64, warmupSteps, timedSteps };
    }),
  );
  const epochs = (['frnas-dpn', 'expression-cnn'] as const).flatMap((model) =>
    SIZES.map((size): EpochPlan => ({ model, size, batch: 64 })),
  );
  return { steps, epochs };
}
