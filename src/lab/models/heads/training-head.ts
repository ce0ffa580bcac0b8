import type * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from './spec';

/**
 * A head in training: turns the model's output (an embedding, or a softmax head's logits) and the
 * labels into a per-sample loss. Margin heads own their class weights (`variables`): they belong to
 * the training graph and the checkpoint, not to the exported model.
 */
export interface TrainingHead {
  readonly spec: HeadSpec;
  /** Trainable variables outside the LayersModel, by checkpoint name. */
  readonly variables: Record<string, tf.Variable>;
  /** The logits the loss is taken over (margins applied to each sample's label, by its group). */
  logits(output: tf.Tensor2D, labels: tf.Tensor1D, groups?: tf.Tensor1D): tf.Tensor2D;
  /** Loss per sample [b]: cross-entropy (or focal) on `logits`, plus any regulariser. */
  perSampleLoss(output: tf.Tensor2D, labels: tf.Tensor1D, groups?: tf.Tensor1D): tf.Tensor1D;
  dispose(): void;
}
