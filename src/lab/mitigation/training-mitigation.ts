import { attribute, type DatasetManifest } from '../data/types';
import type { HeadSpec } from '../models/heads/spec';
import { readSplitLabels } from '../store/split-labels';
import type { DatasetStore } from '../store/types';
import { createRng, deriveSeed } from '../util/rng';
import { balancedSampling } from './balanced-sampling';
import { flippedLabels, majorityGroupOf } from './flipped-labels';
import { reweighing } from './reweighing';
import { DEFAULT_ANGULAR, type MitigationSpec } from './spec';

/** What a mitigation method changes in a training run (the session applies it). */
export interface TrainingMitigation {
  /** The head to train with instead of the configured one (angular margins). */
  head?: HeadSpec;
  /** Rewrites a batch's labels (flipped labels). */
  relabel?(labels: Int32Array, groups: Int32Array, step: number): Int32Array;
  /** Per-sample loss weights (reweighing). */
  weigh?(labels: Int32Array, groups: Int32Array): Float32Array;
  /** The epoch's sample order (balanced sampling). */
  order?(epoch: number): Int32Array;
  /** Train a discriminator against the model's output (adversarial). */
  adversary?: { groups: number; weight?: number; hidden?: number; warmup?: number };
}

/**
 * Prepares a method from the training split's labels and groups: the majority group (the most
 * images), the identity → group table, the reweighing cells, the balanced order. Threshold
 * post-processing changes nothing in training (it runs after, on the validation split).
 */
export async function prepareMitigation(
  spec: MitigationSpec | undefined,
  store: DatasetStore,
  manifest: DatasetManifest,
  context: { target: string; groupAttribute: string; head: HeadSpec; seed: number },
): Promise<TrainingMitigation> {
  if (!spec || spec.method === 'none' || spec.method === 'threshold') return {};
  const { target, groupAttribute, seed } = context;
  const split = await readSplitLabels(store, manifest.id, 'train', [target, groupAttribute]);
  // The images training reads: those with a label (the stream skips the rest).
  const keep = Array.from(split.labels[target], (label, i) => (label >= 0 ? i : -1)).filter((i) => i >= 0);
  const labels = Int32Array.from(keep, (i) => split.labels[target][i]);
  const groups = Int32Array.from(keep, (i) => split.labels[groupAttribute][i]);
  const indices = Int32Array.from(keep, (i) => split.indices[i]);
  const known = Array.from(groups).filter((g) => g >= 0);
  if (known.length === 0) throw new Error(`No training image has a "${groupAttribute}" group`);
  const majority = majorityGroupOf(known);
  const nGroups = attribute(manifest, groupAttribute).values.length;
  switch (spec.method) {
    case 'flipped': {
      const identityGroup = new Int32Array(attribute(manifest, target).values.length).fill(-1);
      labels.forEach((id, i) => id >= 0 && groups[i] >= 0 && (identityGroup[id] = groups[i]));
      const fraction = spec.fraction;
      return {
        relabel: (batchLabels, batchGroups, step) =>
          flippedLabels({
            labels: batchLabels,
            groups: batchGroups,
            identityGroup,
            majorityGroup: majority,
            fraction,
            rng: createRng(deriveSeed(seed, `flip:${step}`)),
          }).labels,
      };
    }
    case 'angular': {
      if (context.head.kind !== 'cosface')
        throw new Error(
          `Group angular margins are CosFace margins: choose the cosface head (got ${context.head.kind})`,
        );
      const majorityMargin = spec.majorityMargin ?? DEFAULT_ANGULAR.majorityMargin;
      const minorityMargin = spec.minorityMargin ?? DEFAULT_ANGULAR.minorityMargin;
      const groupMargins = Array.from({ length: nGroups }, (_, g) =>
        g === majority ? majorityMargin : minorityMargin,
      );
      return { head: { ...context.head, m: majorityMargin, groupMargins } };
    }
    case 'reweight': {
      const fitted = reweighing({ labels, groups });
      return { weigh: (l, g) => Float32Array.from(l, (label, i) => fitted.weightOf(g[i], label)) };
    }
    case 'balanced':
      return {
        order: (epoch) => {
          const { order } = balancedSampling({
            labels,
            groups,
            rng: createRng(deriveSeed(seed, `balanced:${epoch}`)),
          });
          return Int32Array.from(order, (i) => indices[i]);
        },
      };
    case 'adversarial':
      return {
        adversary: { groups: nGroups, weight: spec.weight, hidden: spec.hidden, warmup: spec.warmup },
      };
  }
}
