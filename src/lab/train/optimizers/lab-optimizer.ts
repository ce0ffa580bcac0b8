import type * as tf from '@tensorflow/tfjs';

/** A slot tensor (momentum buffer, Adam moment) in plain arrays, for checkpoints. */
export interface SlotValue {
  shape: number[];
  values: Float32Array;
}

/** An optimiser's whole state: the step count and every slot, by `<variable>/<slot>`. */
export interface OptimizerState {
  name: string;
  step: number;
  slots: Record<string, SlotValue>;
}

/**
 * The lab's optimisers update named variables with a learning rate given at each step (the
 * schedule's), and expose their state, so a checkpoint can continue training exactly.
 */
export interface LabOptimizer {
  /** One update from gradients keyed like the variables. */
  apply(grads: Record<string, tf.Tensor>, learningRate: number): void;
  state(): OptimizerState;
  load(state: OptimizerState): void;
  dispose(): void;
}

/** Weight decay skips 1-D weights (biases, batch-norm scales), as timm's filter_bias_and_bn does. */
export const decays = (variable: tf.Variable) => variable.rank >= 2;
