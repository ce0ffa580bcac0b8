import type { DatasetManifest } from '../../../lab/data/types';
import type { SyntheticConfig } from '../../../lab/data/synthetic/config';
import { canonicalConfigString } from '../../../lab/data/synthetic/url';
import type { ExperimentState } from '../../url-state';
import { fitTask } from './task-choices';

/**
 * Which stored dataset the Train page shows, and so trains on: the one `data=` names, else the
 * stored copy of the synthetic settings on screen. Never "the last one stored".
 */
export function shownDataset(
  experiment: ExperimentState,
  datasets: DatasetManifest[],
): DatasetManifest | null {
  if (experiment.data) return datasets.find((d) => d.id === experiment.data) ?? null;
  return storedCopyOf(experiment.dataset, datasets) ?? null;
}

/** The stored synthetic dataset generated from exactly these settings, if any. */
export function storedCopyOf(
  config: SyntheticConfig,
  datasets: DatasetManifest[],
): DatasetManifest | undefined {
  const wanted = canonical(config);
  return datasets.find((d) => d.source.kind === 'synthetic' && canonical(d.source.config) === wanted);
}

function canonical(config: unknown): string | null {
  try {
    return canonicalConfigString(config as SyntheticConfig);
  } catch {
    return null; // settings from an older schema describe no dataset today
  }
}

/**
 * The experiment with a stored dataset chosen: a synthetic one puts its settings on screen, any
 * other is named by id; the task and groups move to ones the dataset has.
 */
export function withDataset(experiment: ExperimentState, manifest: DatasetManifest): ExperimentState {
  const next =
    manifest.source.kind === 'synthetic' && canonical(manifest.source.config) !== null
      ? { ...experiment, dataset: manifest.source.config as SyntheticConfig, data: undefined }
      : { ...experiment, data: manifest.id };
  return fitTask(next, manifest);
}

/** Why nothing can be trained yet: settings not generated, or a link to a dataset not stored here. */
export function missingDatasetMessage(experiment: ExperimentState, fromLink: boolean): string {
  if (experiment.data)
    return `This link names a dataset that is not stored in this browser ("${experiment.data}"): import it on the Data page, or choose a stored one.`;
  return fromLink
    ? 'This link describes a dataset you have not generated yet.'
    : 'These settings describe a dataset you have not generated yet.';
}
