import * as tf from '@tensorflow/tfjs';
import { classWeights } from './class-weights';
import { classificationLoss, cosines } from './losses';
import { resolveHead, type HeadSpec } from './spec';
import type { TrainingHead } from './training-head';

type CosFaceSpec = Extract<HeadSpec, { kind: 'cosface' }>;

/**
 * CosFace (Wang et al. 2018): logits = s · (cos θ − m · [class = label]). With `groupMargins`, the
 * margin of each sample is its group's (FR-NAS's "Angular" mitigation); a sample with no group
 * (code −1) gets `m`.
 */
export function cosFaceHead(
  spec: CosFaceSpec,
  embedding: number,
  classes: number,
  seed?: number,
): TrainingHead {
  const { s, m, groupMargins } = resolveHead(spec);
  const weights = classWeights(embedding, classes, seed);
  const logits = (output: tf.Tensor2D, labels: tf.Tensor1D, groups?: tf.Tensor1D) =>
    tf.tidy(() => {
      const cos = cosines(output, weights as tf.Tensor2D);
      const target = tf.oneHot(labels, classes);
      const margin =
        groupMargins && groups
          ? tf
              .gather(
                tf.tensor1d([...groupMargins, m]),
                tf.where(tf.less(groups, 0), tf.fill(groups.shape, groupMargins.length, 'int32'), groups),
              )
              .expandDims(1)
          : tf.scalar(m);
      return tf.mul(tf.sub(cos, tf.mul(target, margin)), s) as tf.Tensor2D;
    });
  return {
    spec,
    variables: { 'head/class_weights': weights },
    logits,
    perSampleLoss: (output, labels, groups) =>
      tf.tidy(() => classificationLoss(logits(output, labels, groups), labels, spec.focal)),
    dispose: () => weights.dispose(),
  };
}
