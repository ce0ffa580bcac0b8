import type { ThroughputPlan } from './measure';

/**
 * What each backend measures. The cpu backend needs ~50 s per reference-CNN step at 32 px, and
 * software WebGPU/WebGL (SwiftShader) are similar, so quick mode times one step of the smallest case.
 */
export function plansFor(backend: string, quick: boolean): ThroughputPlan[] {
  const all = (steps: (size: number) => [number, number]): ThroughputPlan[] =>
    (['reference-cnn', 'mid-darts', 'frnas-dpn'] as const).flatMap((model) =>
      [32, 64].map((size) => {
        const [warmupSteps, timedSteps] = steps(size);
        return { model, size, batch: 64, warmupSteps, timedSteps };
      }),
    );
  const slow = backend === 'cpu' || backend === 'webgl' || backend === 'webgpu';
  // wasm: the first steps run the lab's SIMD loops before the engine has optimised them (and
  // allocate), so 32 px, whose steps take ~0.1 s, gets 3 warm-up steps and a median of 7.
  if (!slow) return quick ? all((size) => (size === 32 ? [3, 7] : [1, 3])) : all(() => [3, 9]);
  const smallest: ThroughputPlan = {
    model: 'reference-cnn',
    size: 32,
    batch: 64,
    warmupSteps: 0,
    timedSteps: 1,
  };
  return quick ? [smallest] : all(() => [1, 2]).filter((p) => p.size === 32);
}
