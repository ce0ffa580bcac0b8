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
 * tfjs-layers does otherwise. The kernel updates the moving statistics too, as tfjs-layers does.
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
      const [y, , , movingMean, movingVariance] = tf.engine().runKernel(
        LAB_BATCH_NORM_TRAIN,
        {
          x,
          gamma: internals.gamma.read(),
          beta: internals.beta.read(),
          movingMean: internals.movingMean.read(),
          movingVariance: internals.movingVariance.read(),
        },
        { epsilon: internals.epsilon, momentum: internals.momentum },
      ) as unknown as tf.Tensor[];
      internals.movingMean.write(movingMean);
      internals.movingVariance.write(movingVariance);
      return y;
    });
  };
  return layer;
}
