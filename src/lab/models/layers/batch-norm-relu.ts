import * as tf from '@tensorflow/tfjs';
import type { FoldedPool } from '../../backend/lab-kernels';
import { isPooled, isRectified, poolOutput, rectifyOutput } from './batch-norm';

/**
 * Folds each ReLU layer that is the only reader of a batch-norm layer's output into that layer's
 * training kernel: the kernel writes relu(y) and its gradient masks dy itself, and the ReLU layer
 * passes such an input through (a clone, which shares the data). That saves the ReLU's two
 * full-size passes forward and back and the pre-ReLU tensor; the layers, their configs and the
 * saved model are unchanged, and inference (and every other backend) runs both layers as before.
 * Where a 2×2 stride-2 'valid' max pool or a global average pool alone reads that ReLU, it is
 * folded in too: the kernel writes the pooled tensor and takes its gradient, and the pool passes
 * its input through (for 4k channels and, for the max pool, windows tiling the input; other
 * shapes pool as before).
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
    const kind =
      pool && !outputs.has(reader) && pool.inboundNodes.length === 1 ? foldedPool(pool) : undefined;
    if (pool && kind) {
      poolOutput(layer, kind);
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

/** The pool the kernel can fold in for this layer: a 2×2 stride-2 'valid' max pool or a global average, channels last. */
function foldedPool(layer: tf.layers.Layer): FoldedPool | undefined {
  const config = layer.getConfig() as {
    poolSize?: number[];
    strides?: number[];
    padding?: string;
    dataFormat?: string;
  };
  if (config.dataFormat !== 'channelsLast') return undefined;
  if (layer.getClassName() === 'GlobalAveragePooling2D') return 'mean';
  const twos = (v?: number[]) => v?.length === 2 && v[0] === 2 && v[1] === 2;
  const max2x2 =
    layer.getClassName() === 'MaxPooling2D' &&
    twos(config.poolSize) &&
    twos(config.strides) &&
    config.padding === 'valid';
  return max2x2 ? 'max2x2' : undefined;
}

function passPooledInputs(pool: tf.layers.Layer): void {
  // A global average pool's input spec (rank 4) would refuse the already pooled [n, C]; the
  // model's shapes were checked when it was built.
  pool.inputSpec = [];
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
