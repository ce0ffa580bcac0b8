import type { BenchRow } from '../types';
import type { Throughput, ThroughputPlan } from './measure';

/** Bench rows of one throughput measurement (train, inference, FLOPs and achieved GFLOP/s). */
export function throughputRows(
  plan: ThroughputPlan,
  result: Throughput,
  backend: string,
  env: BenchRow['env'],
  suite = 'train',
): BenchRow[] {
  const model = `${plan.model}@${plan.size}px/b${plan.batch}`;
  const row = (metric: string, value: number, unit?: string): BenchRow => ({
    suite,
    model,
    backend,
    env,
    metric,
    value,
    unit,
  });
  return [
    row('train_images_per_s', round(result.trainImagesPerS), 'img/s'),
    row('infer_images_per_s', round(result.inferImagesPerS), 'img/s'),
    row('train_gflop_per_step', round((result.trainFlopsPerImage * plan.batch) / 1e9, 3), 'GFLOP'),
    row('gflops_per_s', round((result.trainFlopsPerImage * result.trainImagesPerS) / 1e9, 2), 'GFLOP/s'),
    row('timed_steps', plan.timedSteps),
  ];
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
