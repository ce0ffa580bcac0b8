import * as tf from '@tensorflow/tfjs';
import { classWeights } from './class-weights';
import { classificationLoss, cosines, sineOf } from './losses';
import { resolveHead, type HeadSpec } from './spec';
import type { TrainingHead } from './training-head';

type ArcFaceSpec = Extract<HeadSpec, { kind: 'arcface' }>;

/**
 * ArcFace (Deng et al. 2019): the label's logit is s · cos(θ + m). Where θ + m would pass π
 * (cos θ ≤ cos(π − m)) it is s · (cos θ − m · sin m) instead, the usual guard (insightface's and
 * FR-NAS's `th` / `mm`), so the target logit keeps falling as θ grows.
 */
export function arcFaceHead(
  spec: ArcFaceSpec,
  embedding: number,
  classes: number,
  seed?: number,
): TrainingHead {
  const { s, m } = resolveHead(spec);
  const threshold = Math.cos(Math.PI - m);
  const mm = Math.sin(Math.PI - m) * m;
  const weights = classWeights(embedding, classes, seed);
  const logits = (output: tf.Tensor2D, labels: tf.Tensor1D) =>
    tf.tidy(() => {
      const cos = cosines(output, weights as tf.Tensor2D);
      const phi = tf.sub(tf.mul(cos, Math.cos(m)), tf.mul(sineOf(cos), Math.sin(m)));
      const guarded = tf.where(tf.greater(cos, threshold), phi, tf.sub(cos, mm));
      const target = tf.oneHot(labels, classes).cast('bool');
      return tf.mul(tf.where(target, guarded, cos), s) as tf.Tensor2D;
    });
  return {
    spec,
    variables: { 'head/class_weights': weights },
    logits,
    perSampleLoss: (output, labels) =>
      tf.tidy(() => classificationLoss(logits(output, labels), labels, spec.focal)),
    dispose: () => weights.dispose(),
  };
}
