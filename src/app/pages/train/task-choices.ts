import type { DatasetManifest } from '../../../lab/data/types';

export interface TaskChoice {
  /** The attribute learnt. */
  target: string;
  label: string;
}

/**
 * What a dataset can be trained for: identification of its `identity` attribute, and classification
 * of every other categorical attribute with at least two values that is not sensitive (a target)
 * or, failing that, any categorical attribute (e.g. UTKFace's gender, race or age band).
 */
export function taskChoices(manifest: DatasetManifest): TaskChoice[] {
  const usable = manifest.categorical.filter((a) => a.values.length >= 2);
  const choices: TaskChoice[] = [];
  if (usable.some((a) => a.name === 'identity'))
    choices.push({ target: 'identity', label: 'identity — identification (embeddings ranked by cosine)' });
  for (const a of usable) {
    if (a.name === 'identity') continue;
    const role = manifest.targets.includes(a.name) ? '' : a.sensitive ? ' (a sensitive attribute)' : '';
    choices.push({ target: a.name, label: `${a.name} — classify ${a.values.length} classes${role}` });
  }
  return choices;
}

/** The sensitive attributes whose groups can be compared for a target (never the target itself). */
export function groupChoices(manifest: DatasetManifest, target: string): string[] {
  return manifest.categorical
    .filter((a) => a.sensitive && a.name !== target && a.values.length >= 2)
    .map((a) => a.name);
}

/** Why a dataset cannot be trained on, or null. */
export function untrainableReason(manifest: DatasetManifest): string | null {
  if (manifest.split.counts.train === 0) return `"${manifest.name}" has no training images.`;
  if (taskChoices(manifest).length === 0)
    return `"${manifest.name}" has no categorical attribute with two or more values to learn.`;
  if (manifest.categorical.every((a) => !a.sensitive))
    return `"${manifest.name}" has no sensitive attribute, so there are no groups to compare.`;
  return null;
}
