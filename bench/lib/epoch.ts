import { QUICK_PRESET } from '../../src/lab/data/synthetic/config';
import { generateSyntheticDataset } from '../../src/lab/data/synthetic/generate';
import { silentJob } from '../../src/lab/jobs/job';
import { MemoryDatasetStore } from '../../src/lab/store/memory-store';
import { TrainingSession } from '../../src/lab/train/session';
import { BENCH_MODELS } from './measure';

/**
 * Seconds per epoch of a model on its quick synthetic task (`QUICK_PRESET` at `size` px: 2,400
 * images, 1,680 in training, 27 steps of 64), through the lab's own training loop (data streaming,
 * batches, the one training step; no validation). The first epoch warms up (engines compile hot
 * WebAssembly in the background); the second is the figure.
 */
export interface EpochPlan {
  model: keyof typeof BENCH_MODELS;
  size: number;
  batch: number;
}

export interface EpochResult {
  /** The timed (second) epoch. */
  seconds: number;
  /** The warm-up epoch. */
  firstSeconds: number;
  steps: number;
  images: number;
}

export async function measureEpoch(plan: EpochPlan): Promise<EpochResult> {
  const bench = BENCH_MODELS[plan.model];
  if (!bench.task) throw new Error(`${plan.model} has no synthetic task`);
  const store = new MemoryDatasetStore();
  const manifest = await generateSyntheticDataset(
    { ...QUICK_PRESET, imageSize: plan.size },
    store,
    silentJob(),
    {
      name: `bench-quick-${plan.size}`,
    },
  );
  const session = await TrainingSession.create(store, manifest, bench.config(plan.size), {
    target: bench.task.target,
    task: bench.task.kind,
    epochs: 2,
    batchSize: plan.batch,
    optimizer: bench.optimizer,
    seed: 1,
    validate: false,
  });
  try {
    const t0 = performance.now();
    await session.train(silentJob(), {}, 1);
    const t1 = performance.now();
    const outcome = await session.train(silentJob(), {}, 2);
    const t2 = performance.now();
    if (outcome.state !== 'complete') throw new Error(`epoch ended ${outcome.state}: ${outcome.reason}`);
    const steps = outcome.history.steps / 2;
    return {
      seconds: (t2 - t1) / 1000,
      firstSeconds: (t1 - t0) / 1000,
      steps,
      images: outcome.history.images / 2,
    };
  } finally {
    session.dispose();
  }
}
