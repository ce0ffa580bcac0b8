import type { ThroughputPlan } from './measure';

/**
 * What each backend measures. The cpu backend needs ~50 s per reference-CNN step at 32 px, and
 * software WebGPU/WebGL (SwiftShader) are similar, so quick mode times one step of the smallest case.
 */
export function plansFor(backend: string, quick: boolean): ThroughputPlan[] {
  const all = (warmupSteps: number, timedSteps: number): ThroughputPlan[] =>
    (['reference-cnn', 'mid-dpn'] as const).flatMap((model) =>
      [32, 64].map((size) => ({ model, size, batch: 64, warmupSteps, timedSteps })),
    );
  const slow = backend === 'cpu' || backend === 'webgl' || backend === 'webgpu';
  if (!slow) return quick ? all(1, 2) : all(2, 7);
  const smallest: ThroughputPlan = {
    model: 'reference-cnn',
    size: 32,
    batch: 64,
    warmupSteps: 0,
    timedSteps: 1,
  };
  return quick ? [smallest] : all(1, 2).filter((p) => p.size === 32);
}
