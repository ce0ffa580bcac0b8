import * as tf from '@tensorflow/tfjs';

/**
 * Cross-entropy per sample: logsumexp(logits) − logits[label], with its gradient written out as
 * dy·(softmax − one-hot). Through the tape, logSumExp's max would also be differentiated (a
 * broadcast Equal and products whose terms cancel): 1.2 ms of an 80 ms DPN step on wasm at 160
 * classes.
 */
export function crossEntropyPerSample(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => crossEntropyOfOneHot(logits, tf.oneHot(labels, logits.shape[1])) as tf.Tensor1D);
}

const crossEntropyOfOneHot = tf.customGrad(((logits: tf.Tensor, oneHot: tf.Tensor, save: tf.GradSaveFunc) => {
  const lse = tf.logSumExp(logits, 1);
  save([logits, oneHot, lse]);
  return {
    value: tf.sub(lse, tf.sum(tf.mul(oneHot, logits), 1)),
    gradFunc: (dy: tf.Tensor, [saved, target, logSum]: tf.Tensor[]) => {
      const softmax = tf.exp(tf.sub(saved, tf.expandDims(logSum, 1)));
      return [tf.mul(tf.expandDims(dy, 1), tf.sub(softmax, target)), tf.zerosLike(target)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (logits: tf.Tensor, oneHot: tf.Tensor) => tf.Tensor;

/**
 * Focal loss (Lin et al. 2017) as FR-NAS's `FocalLoss`: (1 − p)^γ · CE with p = exp(−CE); γ = 2
 * there. Without γ, plain cross-entropy.
 */
export function classificationLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, focal?: number): tf.Tensor1D {
  return tf.tidy(() => {
    const ce = crossEntropyPerSample(logits, labels);
    if (!focal) return ce;
    return tf.mul(tf.pow(tf.sub(1, tf.exp(tf.neg(ce))), focal), ce) as tf.Tensor1D;
  });
}

/**
 * The L2 norm along `axis`, kept: √Σx² as Square and Sum. tf.norm's Abs and Pow (and Pow's
 * gradient) were ~0.7 ms of the DPN's step on wasm, where Pow costs ~10 ns an element.
 */
export function l2Norm(x: tf.Tensor, axis: number): tf.Tensor {
  return tf.sqrt(tf.sum(tf.square(x), axis, true));
}

/** cos θ between each L2-normalised embedding and each class weight column: [b, classes]. */
export function cosines(embedding: tf.Tensor2D, weights: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.div(embedding, tf.maximum(l2Norm(embedding, 1), 1e-12));
    const w = tf.div(weights, tf.maximum(l2Norm(weights, 0), 1e-12));
    return tf.clipByValue(tf.matMul(x, w), -1, 1) as tf.Tensor2D;
  });
}

/** sin θ from cos θ, kept off 0 so its gradient stays finite at θ = 0. */
export function sineOf(cos: tf.Tensor): tf.Tensor {
  return tf.sqrt(tf.maximum(tf.sub(1, tf.square(cos)), 1e-7));
}
