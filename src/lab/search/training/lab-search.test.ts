import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticDataset } from '../../data/synthetic/generate';
import { QUICK_PRESET } from '../../data/synthetic/config';
import { silentJob } from '../../jobs/job';
import { MemoryDatasetStore } from '../../store/memory-store';
import { useTrainingBackend } from '../../test-support/backend';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../train/config';
import { BASELINE_KEY } from '../frozen-trial';
import { InMemoryStorage } from '../storage/memory';
import { runLabSearch, type LabSearchSettings } from './lab-search';
import { createTrainingRunner } from './training-runner';

async function tinyIdentityTask() {
  const store = new MemoryDatasetStore();
  const manifest = await generateSyntheticDataset(
    { ...QUICK_PRESET, imageSize: 16, nIdentities: 20, imagesPerIdentity: 8, seed: 2 },
    store,
    silentJob(),
  );
  const train: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    target: 'identity',
    task: 'identification',
    batchSize: 32,
    groupAttribute: 'skin',
  };
  return { store, manifest, train };
}

const settings = (patch: Partial<LabSearchSettings> = {}): LabSearchSettings => ({
  space: 'frnas',
  sampler: 'random',
  trials: 2,
  maxEpochs: 1,
  seed: 3,
  objectives: ['error', 'rank_disparity'],
  otherBaselines: false,
  ...patch,
});

describe('a lab study trains real trials', () => {
  beforeAll(useTrainingBackend);

  it('searches FR-NAS’s space, trains its three baselines, finds a front and a hypervolume, and leaks no tensors', async () => {
    const { store, manifest, train } = await tinyIdentityTask();
    const runner = createTrainingRunner({
      store,
      manifest,
      space: 'frnas',
      objectives: ['error', 'rank_disparity'],
      train,
      maxEpochs: 1,
      frnasWidth: 0.04,
      bootstrap: 20,
    });
    const before = tf.memory().numTensors;
    const storage = new InMemoryStorage();
    const result = await runLabSearch({
      storage,
      name: 'tiny',
      settings: settings({ trials: 7 }),
      runners: [runner],
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.trials).toHaveLength(10);
    const labels = result.trials.map((t) => t.userAttrs[BASELINE_KEY]).filter(Boolean);
    expect(labels).toEqual(['FR-NAS 000 CosFace SGD', 'FR-NAS 010 CosFace SGD', 'FR-NAS 680 CosFace Adam']);
    const complete = result.trials.filter((t) => t.state === 'COMPLETE');
    expect(complete.length + result.trials.filter((t) => t.state === 'FAIL').length).toBe(10);
    for (const t of complete) {
      expect(t.results.at(-1)!.values!.every(Number.isFinite)).toBe(true);
      expect(t.userAttrs.parameter_count).toBeGreaterThan(0);
      expect((t.userAttrs.test_evaluation as { kind: string }).kind).toBe('identification');
    }
    expect(result.pareto.length).toBeGreaterThan(0);
    expect(result.hypervolume).toBeGreaterThan(0);
    expect(result.dominance).toHaveLength(3);
    expect(await storage.getCheckpoint('tiny', complete[0].number)).toBeInstanceOf(Uint8Array);
  });

  it('promotes with Hyperband: a trial at the higher rung continues from its checkpoint', async () => {
    const { store, manifest, train } = await tinyIdentityTask();
    const runner = createTrainingRunner({
      store,
      manifest,
      space: 'frnas',
      objectives: ['error', 'rank_disparity'],
      train,
      maxEpochs: 2,
      frnasWidth: 0.04,
      bootstrap: 0,
    });
    const resumed: number[] = [];
    const storage = new InMemoryStorage();
    const result = await runLabSearch({
      storage,
      name: 'hb',
      settings: settings({ trials: 4, minEpochs: 1, maxEpochs: 2, eta: 2 }),
      runners: [(request) => (request.resume && resumed.push(request.resume.budget), runner(request))],
      onEvent: () => {},
    });
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.every((b) => b === 1)).toBe(true);
    const promoted = result.trials.filter((t) => t.results.length === 2);
    expect(promoted.length).toBeGreaterThan(0);
    expect(promoted.every((t) => t.results.map((r) => r.budget).join() === '1,2')).toBe(true);
    expect(result.trials.some((t) => t.state === 'PRUNED')).toBe(true);
  });
});
