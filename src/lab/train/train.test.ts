import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../store/memory-store';
import { makeRandomDataset } from '../store/test-fixtures';
import { buildModel } from '../models/build';
import { quickCnn } from '../models/config';
import { silentJob, CancelledError, type Progress } from '../jobs/job';
import { useCpuBackend } from '../test-support/backend';
import { trainClassifier, checkCompatible } from './train';
import { DEFAULT_TRAIN_CONFIG } from './config';

async function tinyDataset() {
  const store = new MemoryDatasetStore();
  const manifest = await makeRandomDataset(store, {
    n: 96,
    size: 16,
    channels: 1,
    attrs: { label: ['a', 'b'], group: ['x', 'y'] },
    targets: ['label'],
    sensitive: ['group'],
    seed: 4,
  });
  return { store, manifest };
}

describe('trainClassifier', () => {
  beforeAll(useCpuBackend);

  it('trains, reports progress with an ETA, and leaves no tensors behind', async () => {
    const { store, manifest } = await tinyDataset();
    const model = buildModel({ ...quickCnn(16, 1, 2), seed: 1 });
    const before = tf.memory().numTensors;
    const progress: Progress[] = [];
    const history = await trainClassifier(
      model,
      store,
      manifest,
      { ...DEFAULT_TRAIN_CONFIG, target: 'label', epochs: 2, batchSize: 16 },
      { signal: new AbortController().signal, report: (p) => progress.push(p) },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(history.steps).toBe(2 * Math.ceil(manifest.split.counts.train / 16));
    expect(history.loss.every(Number.isFinite)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'train', done: history.steps, total: history.steps });
    expect(progress.at(-1)!.etaSeconds).toBe(0);
    model.dispose();
  });

  it('honours maxSteps and cancellation', async () => {
    const { store, manifest } = await tinyDataset();
    const model = buildModel({ ...quickCnn(16, 1, 2), seed: 1 });
    const short = await trainClassifier(
      model,
      store,
      manifest,
      { ...DEFAULT_TRAIN_CONFIG, target: 'label', maxSteps: 2 },
      silentJob(),
    );
    expect(short.steps).toBe(2);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const run = trainClassifier(
      model,
      store,
      manifest,
      { ...DEFAULT_TRAIN_CONFIG, target: 'label', epochs: 50 },
      {
        signal: controller.signal,
        report: (p) => p.done === 3 && controller.abort(),
      },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses a model whose input or output does not fit the dataset', async () => {
    const { manifest } = await tinyDataset();
    const wrongSize = buildModel(quickCnn(24, 1, 2));
    expect(() => checkCompatible(wrongSize, manifest, 'label')).toThrow(
      /\[\?, 24, 24, 1\] does not fit .*16×16×1/,
    );
    const wrongClasses = buildModel(quickCnn(16, 1, 4));
    expect(() => checkCompatible(wrongClasses, manifest, 'label')).toThrow(
      /4 outputs but "label" has 2 classes/,
    );
    expect(() => checkCompatible(wrongClasses, manifest, 'nope')).toThrow(/no attribute "nope"/);
    wrongSize.dispose();
    wrongClasses.dispose();
  });
});
