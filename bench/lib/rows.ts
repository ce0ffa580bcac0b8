import type { BenchRow } from '../types';
import type { EpochPlan, EpochResult } from './epoch';
import type { Throughput, ThroughputPlan } from './measure';
import { QUICK_EPOCH_STEPS } from './plans';

type Env = BenchRow['env'];

const rowMaker =
  (suite: string, model: string, backend: string, env: Env, threads?: number) =>
  (metric: string, value: number, unit?: string): BenchRow => ({
    suite,
    model,
    backend,
    env,
    metric,
    value,
    unit,
    ...(threads ? { threads } : {}),
  });

/** Bench rows of one throughput measurement (train, inference, FLOPs and achieved GFLOP/s). */
export function throughputRows(
  plan: ThroughputPlan,
  result: Throughput,
  backend: string,
  env: Env,
  threads?: number,
  suite = 'train',
): BenchRow[] {
  const row = rowMaker(suite, `${plan.model}@${plan.size}px/b${plan.batch}`, backend, env, threads);
  const stepSeconds = plan.batch / result.trainImagesPerS;
  return [
    row('train_images_per_s', round(result.trainImagesPerS), 'img/s'),
    row('infer_images_per_s', round(result.inferImagesPerS), 'img/s'),
    row('train_gflop_per_step', round((result.trainFlopsPerImage * plan.batch) / 1e9, 3), 'GFLOP'),
    row('gflops_per_s', round((result.trainFlopsPerImage * result.trainImagesPerS) / 1e9, 2), 'GFLOP/s'),
    row('timed_steps', plan.timedSteps),
    // One epoch of the quick task from the step time (slow backends time no real epoch).
    ...(plan.model === 'frnas-dpn' || plan.model === 'expression-cnn'
      ? [row('epoch_seconds_from_steps', round(QUICK_EPOCH_STEPS * stepSeconds, 2), 's')]
      : []),
  ];
}

/** Bench rows of one real epoch of the quick task. */
export function epochRows(
  plan: EpochPlan,
  result: EpochResult,
  backend: string,
  env: Env,
  threads?: number,
): BenchRow[] {
  const row = rowMaker('epoch', `${plan.model}@${plan.size}px/b${plan.batch}`, backend, env, threads);
  return [
    row('epoch_seconds', round(result.seconds, 2), 's'),
    row('first_epoch_seconds', round(result.firstSeconds, 2), 's'),
    row('epoch_steps', result.steps),
  ];
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
