import * as tf from '@tensorflow/tfjs';
import { isRectified, rectifyOutput } from './batch-norm';

/**
 * Folds each ReLU layer that is the only reader of a batch-norm layer's output into that layer's
 * training kernel: the kernel writes relu(y) and its gradient masks dy itself, and the ReLU layer
 * passes such an input through (a clone, which shares the data). That saves the ReLU's two
 * full-size passes forward and back and the pre-ReLU tensor; the layers, their configs and the
 * saved model are unchanged, and inference (and every other backend) runs both layers as before.
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
  }
  return folded;
}

/** tfjs-layers' ReLU with no cap (max(x, 0)). */
function isPlainRelu(layer: tf.layers.Layer): boolean {
  return (
    layer.getClassName() === 'ReLU' && (layer as unknown as { maxValue?: number | null }).maxValue == null
  );
}

function passRectifiedInputs(relu: tf.layers.Layer): void {
  const shippedCall = relu.call.bind(relu);
  relu.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return isRectified(x) ? tf.clone(x) : shippedCall(inputs, kwargs);
  };
}
