/** What the CLI's search trains on, made the same way in the main thread and in each worker thread. */
import { generateSyntheticDataset } from '../lab/data/synthetic/generate';
import type { DatasetManifest } from '../lab/data/types';
import { silentJob } from '../lab/jobs/job';
import { createTrainingRunner } from '../lab/search/training/training-runner';
import type { TrialRunner } from '../lab/search/runner';
import { FsDatasetStore } from '../lab/store/fs-store';
import { MemoryDatasetStore } from '../lab/store/memory-store';
import type { DatasetStore } from '../lab/store/types';
import type { SearchOptions } from './commands/search-options';

/** The synthetic dataset (regenerated: the same seed gives the same images) or a stored one by name or id. */
export async function loadSearchDataset(
  dataset: SearchOptions['dataset'],
): Promise<{ store: DatasetStore; manifest: DatasetManifest }> {
  if (dataset.kind === 'synthetic') {
    const store = new MemoryDatasetStore();
    return { store, manifest: await generateSyntheticDataset(dataset.config, store, silentJob()) };
  }
  const store = new FsDatasetStore(dataset.store);
  const all = await store.list();
  const manifest = all.find((m) => m.name === dataset.name || m.id === dataset.name);
  if (!manifest)
    throw new Error(
      `No dataset "${dataset.name}" in ${dataset.store} (it has: ${all.map((m) => m.name).join(', ') || 'none'})`,
    );
  return { store, manifest };
}

export async function searchRunner(options: SearchOptions): Promise<TrialRunner> {
  const { store, manifest } = await loadSearchDataset(options.dataset);
  return createTrainingRunner({
    store,
    manifest,
    space: options.settings.space,
    objectives: options.settings.objectives,
    train: options.train,
    maxEpochs: options.settings.maxEpochs,
    frnasWidth: options.frnasWidth,
  });
}
