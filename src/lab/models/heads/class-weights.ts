import * as tf from '@tensorflow/tfjs';

/** A margin head's class weights [embedding, classes], Xavier-uniform as FR-NAS's heads initialise them. */
export function classWeights(embedding: number, classes: number, seed: number | undefined): tf.Variable {
  const init = tf.initializers.glorotUniform({ seed });
  return tf.tidy(() => tf.variable(init.apply([embedding, classes]) as tf.Tensor2D, true));
}
