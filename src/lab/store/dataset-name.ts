import type { DatasetManifest } from '../data/types';

export const MAX_DATASET_NAME = 120;

/** A dataset name as the user typed it, trimmed; one-line errors for an empty, long or taken name. */
export function checkedDatasetName(name: string, others: readonly DatasetManifest[]): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new Error('A dataset name cannot be empty');
  if (trimmed.length > MAX_DATASET_NAME)
    throw new Error(`A dataset name has at most ${MAX_DATASET_NAME} characters (got ${trimmed.length})`);
  if (others.some((d) => d.name === trimmed))
    throw new Error(`Another dataset is already called "${trimmed}": choose a name that tells them apart`);
  return trimmed;
}
