import * as tf from '@tensorflow/tfjs';

/** A training step: `(images, one-hot labels) → loss`, updating the model's trainable weights. */
export type TrainStep = (x: tf.Tensor, yOneHot: tf.Tensor) => Promise<number>;

/** The lab's one optimisation step: softmax cross-entropy on the model's logits. */
export function createTrainStep(model: tf.LayersModel, optimizer: tf.Optimizer): TrainStep {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return async (x, yOneHot) => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(yOneHot, model.apply(x, { training: true }) as tf.Tensor),
      true,
      variables,
    ) as tf.Scalar;
    try {
      return (await loss.data())[0];
    } finally {
      loss.dispose();
    }
  };
}
