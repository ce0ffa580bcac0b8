import * as tf from '@tensorflow/tfjs';
import { classWeights } from './class-weights';
import { classificationLoss, cosines, l2Norm, sineOf } from './losses';
import { resolveHead, type HeadSpec } from './spec';
import type { TrainingHead } from './training-head';

type MagFaceSpec = Extract<HeadSpec, { kind: 'magface' }>;

/**
 * MagFace (Meng et al. 2021): the feature norm a = ‖x‖, clamped to [l_a, u_a], sets the margin
 * m(a) = l_m + (u_m − l_m)(a − l_a)/(u_a − l_a); the label's logit is s · cos(θ + m(a)) (guarded
 * where θ + m(a) would pass π, as MagFace's code does); the loss adds λ_g · g(a), g(a) = a/u_a² + 1/a.
 */
export function magFaceHead(
  spec: MagFaceSpec,
  embedding: number,
  classes: number,
  seed?: number,
): TrainingHead {
  const { s, la, ua, lm, um, lambdaG } = resolveHead(spec);
  const weights = classWeights(embedding, classes, seed);
  const norm = (output: tf.Tensor2D) => tf.clipByValue(l2Norm(output, 1), la, ua);
  const margin = (a: tf.Tensor) => tf.add(tf.mul(tf.sub(a, la), (um - lm) / (ua - la)), lm);
  const logits = (output: tf.Tensor2D, labels: tf.Tensor1D) =>
    tf.tidy(() => {
      const m = margin(norm(output));
      const cos = cosines(output, weights as tf.Tensor2D);
      const cosM = tf.sub(tf.mul(cos, tf.cos(m)), tf.mul(sineOf(cos), tf.sin(m)));
      const guarded = tf.where(tf.greater(cos, tf.cos(tf.sub(Math.PI, m))), cosM, cos);
      const target = tf.oneHot(labels, classes).cast('bool');
      return tf.mul(tf.where(target, guarded, cos), s) as tf.Tensor2D;
    });
  /** The norm regulariser λ_g · g(a) per sample. */
  const regulariser = (output: tf.Tensor2D) =>
    tf.tidy(() => {
      const a = norm(output).squeeze([1]);
      return tf.mul(tf.add(tf.div(a, ua * ua), tf.div(1, a)), lambdaG) as tf.Tensor1D;
    });
  return {
    spec,
    variables: { 'head/class_weights': weights },
    logits,
    perSampleLoss: (output, labels) =>
      tf.tidy(
        () =>
          tf.add(
            classificationLoss(logits(output, labels), labels, spec.focal),
            regulariser(output),
          ) as tf.Tensor1D,
      ),
    dispose: () => weights.dispose(),
  };
}

export { type MagFaceSpec };
