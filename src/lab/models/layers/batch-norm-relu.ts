import * as tf from '@tensorflow/tfjs';
import { isPooled, isRectified, poolOutput, rectifyOutput } from './batch-norm';

/**
 * Folds each ReLU layer that is the only reader of a batch-norm layer's output into that layer's
 * training kernel: the kernel writes relu(y) and its gradient masks dy itself, and the ReLU layer
 * passes such an input through (a clone, which shares the data). That saves the ReLU's two
 * full-size passes forward and back and the pre-ReLU tensor; the layers, their configs and the
 * saved model are unchanged, and inference (and every other backend) runs both layers as before.
 * Where a 2×2 stride-2 'valid' max pool alone reads that ReLU, it is folded in too: the kernel
 * writes the pooled tensor and takes its gradient, and the pool passes its input through (for
 * windows tiling the input and 4k channels; other shapes pool as before).
 * Returns how many pairs it folded.
 */
export function foldBatchNormRelus(model: tf.LayersModel): number {
  const outputs = new Set(model.outputs.map((t) => t.sourceLayer));
  let folded = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization' || outputs.has(layer)) continue;
    if (layer.inboundNodes.length !== 1 || layer.outboundNodes.length !== 1) continue;
    const reader = layer.outboundNodes[0].outboundLayer;
    if (!isPlainRelu(reader) || reader.inboundNodes.length !== 1) continue;
    rectifyOutput(layer);
    passRectifiedInputs(reader);
    folded++;
    const pool = reader.outboundNodes.length === 1 ? reader.outboundNodes[0].outboundLayer : undefined;
    if (!outputs.has(reader) && pool && isPlainPool2x2(pool) && pool.inboundNodes.length === 1) {
      poolOutput(layer);
      passPooledInputs(pool);
    }
  }
  return folded;
}

/** tfjs-layers' ReLU with no cap (max(x, 0)). */
function isPlainRelu(layer: tf.layers.Layer): boolean {
  return (
    layer.getClassName() === 'ReLU' && (layer as unknown as { maxValue?: number | null }).maxValue == null
  );
}

/** tfjs-layers' MaxPooling2D over 2×2 windows, stride 2, 'valid', channels last. */
function isPlainPool2x2(layer: tf.layers.Layer): boolean {
  if (layer.getClassName() !== 'MaxPooling2D') return false;
  const { poolSize, strides, padding, dataFormat } = layer.getConfig() as {
    poolSize: number[];
    strides: number[];
    padding: string;
    dataFormat: string;
  };
  const twos = (v: number[]) => v.length === 2 && v[0] === 2 && v[1] === 2;
  return twos(poolSize) && twos(strides) && padding === 'valid' && dataFormat === 'channelsLast';
}

function passPooledInputs(pool: tf.layers.Layer): void {
  const shippedCall = pool.call.bind(pool);
  pool.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return isPooled(x) ? tf.clone(x) : shippedCall(inputs, kwargs);
  };
}

function passRectifiedInputs(relu: tf.layers.Layer): void {
  const shippedCall = relu.call.bind(relu);
  relu.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return isRectified(x) ? tf.clone(x) : shippedCall(inputs, kwargs);
  };
}
