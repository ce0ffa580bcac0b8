import * as tf from '@tensorflow/tfjs';
import '../models/heads/comparison-gradients';
import { deriveSeed } from '../util/rng';
import { DEFAULT_ADVERSARIAL } from './spec';

/**
 * FR-NAS's "Discriminator" baseline, trained for real: a 2-layer MLP predicts each sample's group
 * from the model's L2-normalised output (the embedding; a classifier's logits), and the model is
 * trained to defeat it through a gradient-reversal layer (Ganin & Lempitsky 2015): the forward pass
 * is the identity, the backward pass multiplies the gradient by −λ. So one step minimises
 * task loss + discriminator cross-entropy: the discriminator's weights descend its loss while the
 * backbone ascends it. (FR-NAS instead added a penalty α·mean log(1 + |0.9 − p|) and never stepped
 * the discriminator's optimiser.) λ is 0 during the warm-up share of the budget, then ramps as
 * Ganin et al.'s 2/(1 + e^(−10p)) − 1 over the rest, times `weight`.
 */
export interface Adversary {
  /** The discriminator's weights (stepped by the run's optimiser with the rest). */
  variables: Record<string, tf.Variable>;
  /** The discriminator's loss [scalar] on a batch, with the reversal at strength λ; samples with no group are skipped. */
  loss(
    output: tf.Tensor2D,
    groups: tf.Tensor1D,
    lambda: number,
  ): { loss: tf.Scalar; correct: tf.Scalar; counted: tf.Scalar };
  /** λ at a point of the training budget (0–1). */
  lambdaAt(progress: number): number;
  dispose(): void;
}

/** The gradient-reversal layer at strength λ: identity forward, −λ · dy backward. */
function reversal(lambda: number): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad(((x: tf.Tensor) => ({
    value: tf.clone(x),
    gradFunc: (dy: tf.Tensor) => tf.mul(dy, -lambda),
  })) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
}

export function createAdversary(
  inputWidth: number,
  groups: number,
  options: { weight?: number; hidden?: number; warmup?: number; seed?: number } = {},
): Adversary {
  const weight = options.weight ?? DEFAULT_ADVERSARIAL.weight;
  const hidden = options.hidden ?? DEFAULT_ADVERSARIAL.hidden;
  const warmup = options.warmup ?? DEFAULT_ADVERSARIAL.warmup;
  const init = (shape: number[], label: string) =>
    tf.tidy(() =>
      tf.variable(
        tf.initializers
          .glorotUniform({ seed: deriveSeed(options.seed ?? 0, label) })
          .apply(shape) as tf.Tensor,
        true,
      ),
    );
  const variables = {
    'adversary/w1': init([inputWidth, hidden], 'w1'),
    'adversary/b1': tf.variable(tf.zeros([hidden]), true),
    'adversary/w2': init([hidden, groups], 'w2'),
    'adversary/b2': tf.variable(tf.zeros([groups]), true),
  };
  return {
    variables,
    loss(output, groupCodes, lambda) {
      return tf.tidy(() => {
        const z = tf.div(output, tf.maximum(tf.norm(output, 'euclidean', 1, true), 1e-12));
        const reversed = reversal(lambda)(z) as tf.Tensor2D;
        const h = tf.relu(tf.add(tf.matMul(reversed, variables['adversary/w1']), variables['adversary/b1']));
        const logits = tf.add(
          tf.matMul(h, variables['adversary/w2']),
          variables['adversary/b2'],
        ) as tf.Tensor2D;
        const known = tf.cast(tf.greaterEqual(groupCodes, 0), 'float32');
        const labels = tf.cast(tf.maximum(groupCodes, 0), 'int32') as tf.Tensor1D;
        const ce = tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(tf.oneHot(labels, groups), logits), 1));
        const counted = tf.maximum(tf.sum(known), 1) as tf.Scalar;
        const hits = tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32');
        return {
          loss: tf.div(tf.sum(tf.mul(ce, known)), counted) as tf.Scalar,
          correct: tf.sum(tf.mul(hits, known)) as tf.Scalar,
          counted: tf.sum(known) as tf.Scalar,
        };
      });
    },
    lambdaAt(progress) {
      if (progress < warmup) return 0;
      const p = (progress - warmup) / Math.max(1e-9, 1 - warmup);
      return weight * (2 / (1 + Math.exp(-10 * p)) - 1);
    },
    dispose: () => Object.values(variables).forEach((v) => v.dispose()),
  };
}
