import * as tf from '@tensorflow/tfjs';
import { createTrainStep } from '../../src/lab/train/step';
import { createOptimizer } from '../../src/lab/train/optimizers/create';
import type { OptimizerSpec } from '../../src/lab/train/optimizer-spec';
import { buildTrainable } from '../../src/lab/models/build';
import type { ModelConfig } from '../../src/lab/models/config';
import { modelFlops } from '../../src/lab/models/flops';
import { midDartsCandidate } from '../../src/lab/models/blocks/darts-cell';
import { referenceCnn } from '../../src/lab/models/families/classic';
import { DEFAULT_FRNAS_DPN, frnasDpn } from '../../src/lab/models/families/frnas-dpn';
import { DEFAULT_EXPRESSION_CNN, expressionCnn } from '../../src/lab/models/families/expression-cnn';
import { EXPRESSIONS, QUICK_PRESET } from '../../src/lab/data/synthetic/config';
import {
  createDataParallelStep,
  type DataParallelSettings,
} from '../../src/lab/train/data-parallel/data-parallel-step';

/** Throughput measurement shared by the Node and browser benchmarks (pure tfjs, no DOM). */

export interface BenchModel {
  config: (size: number) => ModelConfig;
  optimizer: OptimizerSpec;
  /** The synthetic task whose epoch the epoch benchmark trains (the quick preset, `QUICK_PRESET`). */
  task?: { target: 'identity' | 'expression'; kind: 'identification' | 'classification' };
  /** Same network, layer for layer, in `bench/torch/anchor.py` (its --model, --channels, --classes). */
  torch: { model: string; channels: number; classes: number };
}

/** Identities of the quick preset (`QUICK_PRESET`): the classes of its identity task. */
export const QUICK_IDENTITIES = QUICK_PRESET.nIdentities;

export const BENCH_MODELS: Record<string, BenchModel> = {
  'reference-cnn': {
    config: (size) => ({ ...referenceCnn(size, 3, 10), seed: 1 }),
    optimizer: { name: 'adam', learningRate: 1e-3 },
    torch: { model: 'reference-cnn', channels: 3, classes: 10 },
  },
  'mid-darts': {
    config: (size) => ({ ...midDartsCandidate(size, 16, 10), seed: 1 }),
    optimizer: { name: 'adam', learningRate: 1e-3 },
    torch: { model: '', channels: 3, classes: 10 },
  },
  /**
   * The search's workload: FR-NAS's DPN at the lab's default width on the quick synthetic identity
   * task (grey images, one class per identity), CosFace, SGD (FR-NAS's found 000 edges).
   */
  'frnas-dpn': {
    config: (size) => ({
      ...frnasDpn(DEFAULT_FRNAS_DPN, { size, channels: QUICK_PRESET.channels }, QUICK_IDENTITIES),
      head: { kind: 'cosface' },
      seed: 1,
    }),
    optimizer: { name: 'sgd', learningRate: 0.28 },
    task: { target: 'identity', kind: 'identification' },
    torch: { model: 'frnas-dpn', channels: QUICK_PRESET.channels, classes: QUICK_IDENTITIES },
  },
  /** The compression study's expression CNN at its default width, on the quick preset's expressions. */
  'expression-cnn': {
    config: (size) => ({
      ...expressionCnn(DEFAULT_EXPRESSION_CNN, { size, channels: QUICK_PRESET.channels }, EXPRESSIONS.length),
      seed: 1,
    }),
    optimizer: { name: 'adam', learningRate: 1e-3 },
    task: { target: 'expression', kind: 'classification' },
    torch: { model: 'expression-cnn', channels: QUICK_PRESET.channels, classes: EXPRESSIONS.length },
  },
};

export interface ThroughputPlan {
  model: keyof typeof BENCH_MODELS;
  size: number;
  batch: number;
  warmupSteps: number;
  timedSteps: number;
}

export interface Throughput {
  trainImagesPerS: number;
  inferImagesPerS: number;
  trainFlopsPerImage: number;
  forwardFlopsPerImage: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Images/s of training steps (the model's optimiser) (median of the timed steps, after warm-up)
 * and of inference; with `parallel`, training steps are split over its replicas.
 */
export async function measureThroughput(
  plan: ThroughputPlan,
  parallel?: DataParallelSettings,
): Promise<Throughput> {
  const bench = BENCH_MODELS[plan.model];
  const config = bench.config(plan.size);
  const trainable = buildTrainable(config);
  const { model } = trainable;
  const flops = modelFlops(model);
  const shape: [number, number, number, number] = [plan.batch, plan.size, plan.size, config.input.channels];
  const x = tf.randomUniform(shape, 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.tensor1d(
    Array.from({ length: plan.batch }, (_, i) => i % config.numClasses),
    'int32',
  );
  const optimizer = createOptimizer(bench.optimizer, trainable.variables());
  const dp = parallel
    ? createDataParallelStep({
        trainable,
        optimizer,
        modelConfig: config,
        optimizerSpec: bench.optimizer,
        replicas: parallel.replicas,
        maxBatch: plan.batch,
        spawn: parallel.spawn,
      })
    : undefined;
  const train = dp?.step ?? createTrainStep(trainable, optimizer);
  const lr = bench.optimizer.learningRate;
  const trainStep = async () => void (await train({ x, labels }, lr));
  const inferStep = async () => {
    const out = model.predict(x) as tf.Tensor;
    await out.data();
    out.dispose();
  };
  try {
    const train = await timeSteps(trainStep, plan.warmupSteps, plan.timedSteps);
    const infer = await timeSteps(inferStep, Math.max(1, plan.warmupSteps), Math.max(3, plan.timedSteps));
    return {
      trainImagesPerS: (plan.batch * 1000) / train,
      inferImagesPerS: (plan.batch * 1000) / infer,
      trainFlopsPerImage: flops.trainPerImage,
      forwardFlopsPerImage: flops.forwardPerImage,
    };
  } finally {
    await dp?.close();
    optimizer.dispose();
    trainable.dispose();
    tf.dispose([x, labels]);
  }
}

/**
 * Engines compile hot WebAssembly in the background (tfjs's module and the lab's SIMD loops start
 * on a baseline compiler), which on 2 cores takes a second or two: a plan with any warm-up keeps
 * warming up until this much time has passed (at most MAX_WARMUP_STEPS steps).
 */
const MIN_WARMUP_MS = 2000;
const MAX_WARMUP_STEPS = 30;

/** Median milliseconds of `timed` calls after `warmup` untimed ones (see MIN_WARMUP_MS). */
async function timeSteps(step: () => Promise<void>, warmup: number, timed: number): Promise<number> {
  const warmupStart = performance.now();
  for (
    let i = 0;
    i < warmup || (warmup > 0 && i < MAX_WARMUP_STEPS && performance.now() - warmupStart < MIN_WARMUP_MS);
    i++
  )
    await step();
  const times: number[] = [];
  for (let i = 0; i < timed; i++) {
    const started = performance.now();
    await step();
    times.push(performance.now() - started);
  }
  return median(times);
}
