import * as tf from '@tensorflow/tfjs';
import { activeBackendHas, LAB_BATCH_NORM_TRAIN } from '../../backend/lab-kernels';

type BatchNormArgs = Parameters<typeof tf.layers.batchNormalization>[0];

/** The fields of tfjs-layers' BatchNormalization that training reads (private in its typings). */
interface BatchNormInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

/**
 * tfjs-layers' BatchNormalization (same class, config and saved form) whose training step runs
 * as one fused kernel and one fused gradient where the backend has them (wasm), and exactly as
 * tfjs-layers does otherwise. The moving statistics are updated as tfjs-layers updates them.
 */
export function batchNormalization(args: BatchNormArgs): tf.layers.Layer {
  const layer = tf.layers.batchNormalization(args);
  const internals = layer as unknown as BatchNormInternals;
  const shippedCall = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = internals.axis === -1 || internals.axis === x.rank - 1;
    const fused =
      kwargs?.training === true &&
      lastAxis &&
      internals.center &&
      internals.scale &&
      x.rank >= 2 &&
      x.dtype === 'float32' &&
      activeBackendHas(LAB_BATCH_NORM_TRAIN);
    if (!fused) return shippedCall(inputs, kwargs);
    return tf.tidy(() => {
      const [y, mean, variance] = tf
        .engine()
        .runKernel(
          LAB_BATCH_NORM_TRAIN,
          { x, gamma: internals.gamma.read(), beta: internals.beta.read() },
          { epsilon: internals.epsilon },
        ) as unknown as tf.Tensor[];
      const decay = 1 - internals.momentum;
      for (const [variable, value] of [
        [internals.movingMean, mean],
        [internals.movingVariance, variance],
      ] as const) {
        tf.tidy(() => {
          const original = variable.read();
          variable.write(tf.sub(original, tf.mul(tf.sub(original, value), decay)));
        });
      }
      return y;
    });
  };
  return layer;
}
