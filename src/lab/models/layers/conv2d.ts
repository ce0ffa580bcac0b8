import * as tf from '@tensorflow/tfjs';
import { activeBackendHas, LAB_CONV2D_BIAS } from '../../backend/lab-kernels';

type Conv2dArgs = Parameters<typeof tf.layers.conv2d>[0];

/** The fields of tfjs-layers' Conv2D that training reads (protected in its typings). */
interface Conv2dInternals {
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  strides: number[];
  padding: 'valid' | 'same' | 'causal';
  dataFormat: 'channelsFirst' | 'channelsLast';
  dilationRate: number[];
  activation: { apply(x: tf.Tensor): tf.Tensor } | null;
}

/**
 * tfjs-layers' Conv2D (same class, config and saved form) whose training step computes the input
 * gradient only when something needs it, where the backend has the lab's conv kernel (wasm).
 * Elsewhere, and in inference, it is tfjs-layers' own call.
 */
export function conv2d(args: Conv2dArgs): tf.layers.Layer {
  const layer = tf.layers.conv2d(args);
  const internals = layer as unknown as Conv2dInternals;
  const shippedCall = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lab =
      kwargs?.training === true &&
      x.rank === 4 &&
      x.dtype === 'float32' &&
      internals.dataFormat === 'channelsLast' &&
      internals.padding !== 'causal' &&
      internals.dilationRate.every((d) => d === 1) &&
      activeBackendHas(LAB_CONV2D_BIAS);
    if (!lab) return shippedCall(inputs, kwargs);
    return tf.tidy(() => {
      const conv = tf.engine().runKernel(
        LAB_CONV2D_BIAS,
        {
          x,
          filter: internals.kernel.read(),
          ...(internals.bias ? { bias: internals.bias.read() } : {}),
        },
        {
          strides: internals.strides,
          pad: internals.padding,
          dataFormat: 'NHWC',
          dilations: internals.dilationRate,
        },
      ) as tf.Tensor;
      return internals.activation ? internals.activation.apply(conv) : conv;
    });
  };
  return layer;
}
