import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../store/memory-store';
import { makeRandomDataset } from '../test-support/store-fixtures';
import { quickCnn } from '../models/families/classic';
import { frnasDpn } from '../models/families/frnas-dpn';
import type { ModelConfig } from '../models/config';
import { silentJob, CancelledError, type Progress } from '../jobs/job';
import { useCpuBackend } from '../test-support/backend';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from './config';
import { TrainingSession } from './session';

async function tinyDataset(
  attrs: Record<string, string[] | number> = { label: ['a', 'b'], group: ['x', 'y'] },
) {
  const store = new MemoryDatasetStore();
  const manifest = await makeRandomDataset(store, {
    n: 96,
    size: 16,
    channels: 1,
    attrs,
    targets: [Object.keys(attrs)[0]],
    sensitive: ['group'],
    seed: 4,
  });
  return { store, manifest };
}

const quick = (classes = 2): ModelConfig => ({ ...quickCnn(16, 1, classes), seed: 1 });
const config = (patch: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG,
  target: 'label',
  epochs: 2,
  batchSize: 16,
  ...patch,
});

describe('TrainingSession', () => {
  beforeAll(useCpuBackend);

  it('trains, validates every epoch, reports progress with an ETA and epoch payloads', async () => {
    const { store, manifest } = await tinyDataset();
    const session = await TrainingSession.create(store, manifest, quick(), config());
    const progress: Progress[] = [];
    const reported: [number, Record<string, number | null>][] = [];
    const outcome = await session.train(
      { signal: new AbortController().signal, report: (p) => progress.push(p) },
      { report: (epoch, objectives) => reported.push([epoch, objectives]) },
    );
    expect(outcome.state).toBe('complete');
    const steps = 2 * Math.ceil(manifest.split.counts.train / 16);
    expect(outcome.history.steps).toBe(steps);
    expect(outcome.history.loss.every(Number.isFinite)).toBe(true);
    expect(reported.map(([e]) => e)).toEqual([1, 2]);
    expect(reported[0][1]).toHaveProperty('error');
    expect(reported[0][1]).toHaveProperty('accuracy_difference');
    expect(outcome.history.epochs?.map((e) => e.epoch)).toEqual([1, 2]);
    const trainProgress = progress.filter((p) => p.metrics?.loss !== undefined);
    expect(trainProgress.at(-1)).toMatchObject({ phase: 'train', done: steps, total: steps, etaSeconds: 0 });
    expect(progress.filter((p) => p.payload?.kind === 'epoch')).toHaveLength(2);
    session.dispose();
  });

  it('stops when the scheduler says so (pruned) and honours maxSteps and cancellation', async () => {
    const { store, manifest } = await tinyDataset();
    const pruned = await TrainingSession.create(store, manifest, quick(), config({ epochs: 4 }));
    const outcome = await pruned.train(silentJob(), { shouldStop: () => true });
    expect(outcome).toMatchObject({ state: 'pruned', reason: 'stopped by the scheduler after epoch 1' });
    pruned.dispose();

    const short = await TrainingSession.create(store, manifest, quick(), config({ maxSteps: 2 }));
    expect((await short.train(silentJob())).history.steps).toBe(2);
    short.dispose();

    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const cancelled = await TrainingSession.create(store, manifest, quick(), config({ epochs: 50 }));
    const run = cancelled.train({
      signal: controller.signal,
      report: (p) => p.done === 3 && controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    cancelled.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ends a run whose loss is not finite as failed, with the reason and the step', async () => {
    const { store, manifest } = await tinyDataset();
    const session = await TrainingSession.create(
      store,
      manifest,
      quick(),
      config({ optimizer: { name: 'sgd', learningRate: 1e30, momentum: 0 } }),
    );
    const outcome = await session.train(silentJob());
    expect(outcome.state).toBe('failed');
    expect(outcome.reason).toMatch(/^Training diverged: loss is (NaN|Infinity) at step \d+ \(epoch \d\)$/);
    expect(outcome.failedStep).toBeGreaterThan(1);
    session.dispose();
  });

  it('continues a checkpoint from epoch k to 2k (of a 4-epoch schedule) to the same weights as 2k in one go', async () => {
    const { store, manifest } = await tinyDataset({ label: 6, group: ['x', 'y'] });
    const model: ModelConfig = {
      ...frnasDpn({ edges: '680', width: 0.04, embedding: 8, smallStem: true }, { size: 16, channels: 1 }, 6),
      head: { kind: 'cosface', s: 8 },
      seed: 5,
    };
    const train = config({
      task: 'identification',
      validate: false,
      epochs: 1,
      scheduleEpochs: 4,
      optimizer: { name: 'sgd', learningRate: 0.1 },
      schedule: { kind: 'cosine', warmupEpochs: 1 },
      augment: { flip: true, crop: 2 },
    });
    const whole = await TrainingSession.create(store, manifest, model, { ...train, epochs: 2 });
    await whole.train(silentJob());
    const reference = whole.checkpoint();
    whole.dispose();

    const first = await TrainingSession.create(store, manifest, model, train);
    await first.train(silentJob());
    const bytes = encodeCheckpoint(first.checkpoint());
    first.dispose();
    const continued = await TrainingSession.restore(store, manifest, decodeCheckpoint(bytes), { epochs: 2 });
    expect(continued.epochsDone).toBe(1);
    await continued.train(silentJob());
    const result = continued.checkpoint();
    continued.dispose();

    expect(result.step).toBe(reference.step);
    expect(Object.keys(result.weights).sort()).toEqual(Object.keys(reference.weights).sort());
    for (const [name, w] of Object.entries(reference.weights)) {
      const other = result.weights[name].values;
      const worst = Math.max(...Array.from(w.values, (v, i) => Math.abs(v - other[i])));
      expect(worst, name).toBeLessThan(1e-6);
    }
    expect(result.history.loss).toHaveLength(reference.history.loss.length);
    expect(result.history.epochs?.map((e) => e.epoch)).toEqual([1, 2]);
  });

  it('refuses a continuation that changes the schedule span, and settings that cannot work', async () => {
    const { store, manifest } = await tinyDataset();
    const session = await TrainingSession.create(
      store,
      manifest,
      quick(),
      config({ epochs: 1, scheduleEpochs: 2 }),
    );
    await session.train(silentJob());
    const checkpoint = session.checkpoint();
    session.dispose();
    await expect(
      TrainingSession.restore(store, manifest, checkpoint, { epochs: 4, scheduleEpochs: 4 }),
    ).rejects.toThrow(/schedule span/);
    await expect(
      TrainingSession.create(store, manifest, { ...quick(), head: { kind: 'arcface' } }, config()),
    ).rejects.toThrow(/arcface head learns embeddings for identification/);
    await expect(TrainingSession.create(store, manifest, quickCnn(24, 1, 2), config())).rejects.toThrow(
      /\[\?, 24, 24, 1\] does not fit .*16×16×1/,
    );
    await expect(TrainingSession.create(store, manifest, quick(4), config())).rejects.toThrow(
      /4 outputs but "label" has 2 classes/,
    );
    await expect(
      TrainingSession.create(store, manifest, quick(), config({ target: 'nope' })),
    ).rejects.toThrow(/no attribute "nope"/);
  });

  it('leaves no tensors behind after 20 trainings in a row (classification and identification)', async () => {
    const { store, manifest } = await tinyDataset({ label: 4, group: ['x', 'y'] });
    const identification: ModelConfig = {
      ...quickCnn(16, 1, 4),
      embedding: 8,
      head: { kind: 'magface' },
      seed: 2,
    };
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      const ident = i % 2 === 1;
      const session = await TrainingSession.create(
        store,
        manifest,
        ident ? identification : quick(4),
        config({
          epochs: 1,
          ...(ident
            ? { task: 'identification' as const, optimizer: { name: 'adamw' as const, learningRate: 1e-3 } }
            : {}),
          augment: { flip: true, crop: 1 },
        }),
      );
      await session.train(silentJob());
      await session.evaluate('test', silentJob(), { bootstrap: 20 });
      session.checkpoint();
      session.dispose();
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('TrainingSession with data-parallel settings', () => {
  beforeAll(useCpuBackend);
  // Both refusals come before any replica starts.
  const parallel = {
    replicas: 2,
    spawn: () => {
      throw new Error('no replica should start');
    },
  };

  it('refuses the adversarial mitigation, whose discriminator the replicas do not train', async () => {
    const { store, manifest } = await tinyDataset();
    const settings = config({ mitigation: { method: 'adversarial', weight: 0.5, warmup: 0 } });
    await expect(TrainingSession.create(store, manifest, quick(), settings, parallel)).rejects.toThrow(
      /does not train an adversary/,
    );
  });

  it('refuses a hook that changes the weights after each step (the replicas would part)', async () => {
    const { store, manifest } = await tinyDataset();
    const session = await TrainingSession.create(store, manifest, quick(), config(), parallel);
    try {
      await expect(session.train(silentJob(), { afterStep: () => undefined })).rejects.toThrow(
        /cannot run a hook that changes the weights/,
      );
    } finally {
      session.dispose();
    }
  });
});
