import type { DatasetManifest } from '../../../lab/data/types';
import { DEFAULT_HEADS, isMarginHead } from '../../../lab/models/heads/spec';
import type { TrainConfig } from '../../../lab/train/config';
import { taskForTarget, type ExperimentState } from '../../url-state';

export interface TaskChoice {
  /** The attribute learnt. */
  target: string;
  label: string;
}

/**
 * What a dataset can be trained for: identification of its `identity` attribute, and classification
 * of every other categorical attribute with at least two values, whether a declared target or a
 * sensitive attribute (e.g. UTKFace's gender, race or age band).
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

/** The group attribute Train will use: the chosen one, else the first that fits the target. */
export function resolvedGroup(manifest: DatasetManifest, train: TrainConfig): string | undefined {
  const choices = groupChoices(manifest, train.target);
  if (train.groupAttribute) return choices.includes(train.groupAttribute) ? train.groupAttribute : undefined;
  return choices[0];
}

/** Why a dataset cannot be trained on with these settings, or null; each reason says what to do. */
export function untrainableReason(manifest: DatasetManifest, train?: TrainConfig): string | null {
  if (manifest.split.counts.train === 0) return `"${manifest.name}" has no training images.`;
  const choices = taskChoices(manifest);
  if (choices.length === 0)
    return `"${manifest.name}" has no categorical attribute with two or more values to learn.`;
  if (manifest.categorical.every((a) => !a.sensitive))
    return `"${manifest.name}" has no sensitive attribute, so there are no groups to compare.`;
  if (!train) return null;
  if (!choices.some((c) => c.target === train.target))
    return `"${manifest.name}" has no attribute "${train.target}" to learn: choose a task from its attributes (${choices.map((c) => c.target).join(', ')}).`;
  const groups = groupChoices(manifest, train.target);
  if (groups.length === 0)
    return `"${manifest.name}" has no sensitive attribute besides "${train.target}", so there are no groups to compare: choose another task.`;
  if (train.groupAttribute && !groups.includes(train.groupAttribute))
    return `"${manifest.name}" cannot compare groups of "${train.groupAttribute}" for this task: choose groups from ${groups.join(', ')}.`;
  return null;
}

/** The experiment learning `target`: its task, a head that fits it, the task's default disparity axis. */
export function withTarget(e: ExperimentState, target: string): ExperimentState {
  const task = taskForTarget(target);
  const margin = isMarginHead(DEFAULT_HEADS[e.head]);
  const head = task === 'identification' ? (margin ? e.head : 'cosface') : 'softmax';
  const x = task === 'identification' ? 'rank_disparity' : 'accuracy_difference';
  return {
    ...e,
    head,
    train: { ...e.train, target, task, groupAttribute: undefined },
    axes: { ...e.axes, x },
  };
}

/**
 * The experiment fitted to a dataset: a target the dataset lacks becomes its first choice (the
 * declared targets first), and groups it cannot compare fall back to the default.
 */
export function fitTask(e: ExperimentState, manifest: DatasetManifest): ExperimentState {
  const choices = taskChoices(manifest);
  let next = e;
  if (choices.length > 0 && !choices.some((c) => c.target === e.train.target)) {
    const declared = choices.find((c) => manifest.targets.includes(c.target) && c.target !== 'identity');
    next = withTarget(e, (declared ?? choices[0]).target);
  }
  const group = next.train.groupAttribute;
  if (group && !groupChoices(manifest, next.train.target).includes(group))
    next = { ...next, train: { ...next.train, groupAttribute: undefined } };
  return next;
}
