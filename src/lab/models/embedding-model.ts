import * as tf from '@tensorflow/tfjs';
import { LOGITS_LAYER } from './build';

const embeddings = new WeakMap<tf.LayersModel, tf.LayersModel>();

/**
 * The model up to its embedding: itself when it ends there (margin heads), else the input of its
 * `logits` layer. The result shares the model's layers and weights: dispose the model, not it.
 */
export function embeddingModel(model: tf.LayersModel): tf.LayersModel {
  const last = model.layers[model.layers.length - 1];
  if (last.name !== LOGITS_LAYER) return model;
  let sub = embeddings.get(model);
  if (!sub) {
    sub = tf.model({
      inputs: model.inputs,
      outputs: last.input as tf.SymbolicTensor,
      name: `${model.name}_embedding`,
    });
    embeddings.set(model, sub);
  }
  return sub;
}
