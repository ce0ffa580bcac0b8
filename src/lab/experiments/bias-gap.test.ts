import { beforeAll, describe, expect, it } from 'vitest';
import { QUICK_PRESET, neutralConfig, type SyntheticConfig } from '../data/synthetic/config';
import { generateSyntheticDataset } from '../data/synthetic/generate';
import { MemoryDatasetStore } from '../store/memory-store';
import { DEFAULT_TRAIN_CONFIG } from '../train/config';
import { silentJob } from '../jobs/job';
import { useTrainingBackend } from '../test-support/backend';
import { runExperiment } from './run-experiment';

/** Trains the quick CNN on the synthetic data and returns the skin-group accuracy gap. */
async function gapFor(config: SyntheticConfig): Promise<number> {
  const store = new MemoryDatasetStore();
  const manifest = await generateSyntheticDataset(config, store, silentJob());
  const { record } = await runExperiment(
    store,
    {
      datasetId: manifest.id,
      model: 'quick-cnn',
      train: { ...DEFAULT_TRAIN_CONFIG, epochs: 2, seed: 3 },
      seed: 3,
    },
    'wasm',
    silentJob(),
  );
  return record.objectives.accuracy_difference ?? NaN;
}

describe('the synthetic bias knobs', () => {
  beforeAll(useTrainingBackend);

  it('open a measurable accuracy gap between skin groups, and neutral knobs close most of it', async () => {
    const biased = { ...QUICK_PRESET, seed: 3 };
    const biasedGap = await gapFor(biased);
    const neutralGap = await gapFor(neutralConfig(biased));
    expect(biasedGap).toBeGreaterThan(0.2);
    expect(neutralGap).toBeLessThan(biasedGap / 2);
  }, 600_000);
});
