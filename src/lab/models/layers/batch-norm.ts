import * as tf from '@tensorflow/tfjs';
import { activeBackendHas, type FoldedPool, LAB_BATCH_NORM_TRAIN } from '../../backend/lab-kernels';

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

/** Batch-norm layers whose training kernel also applies the ReLU after them (`batch-norm-relu.ts`). */
const rectifyingLayers = new WeakSet<tf.layers.Layer>();
/** Data (by data id) a rectifying layer wrote: relu of it is itself. */
const rectifiedData = new WeakSet<object>();
/** Rectifying layers whose kernel also applies the pool after the ReLU. */
const poolingLayers = new WeakMap<tf.layers.Layer, FoldedPool>();
/** Data a pooling layer wrote: already the pool of its rectified output. */
const pooledData = new WeakSet<object>();

/** Makes `layer`'s fused training kernel output relu(y) (for a ReLU that alone reads y). */
export function rectifyOutput(layer: tf.layers.Layer): void {
  rectifyingLayers.add(layer);
}

/** Makes a rectifying layer's kernel also pool its output (for a pool that alone reads the ReLU). */
export function poolOutput(layer: tf.layers.Layer, pool: FoldedPool): void {
  poolingLayers.set(layer, pool);
}

/** Whether `x` holds a pooling layer's output, so the pool after its ReLU would return it unchanged. */
export function isPooled(x: tf.Tensor): boolean {
  return pooledData.has(x.dataId);
}

/** Whether `x` holds a rectifying layer's output, so a ReLU would return it unchanged. */
export function isRectified(x: tf.Tensor): boolean {
  return rectifiedData.has(x.dataId);
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
    const relu = rectifyingLayers.has(layer);
    const pool = relu ? foldablePool(poolingLayers.get(layer), x.shape) : undefined;
    const y = tf.tidy(() => {
      const [y, , , movingMean, movingVariance] = tf.engine().runKernel(
        LAB_BATCH_NORM_TRAIN,
        {
          x,
          gamma: internals.gamma.read(),
          beta: internals.beta.read(),
          movingMean: internals.movingMean.read(),
          movingVariance: internals.movingVariance.read(),
        },
        { epsilon: internals.epsilon, momentum: internals.momentum, relu, ...(pool ? { pool } : {}) },
      ) as unknown as tf.Tensor[];
      internals.movingMean.write(movingMean);
      internals.movingVariance.write(movingVariance);
      return y;
    });
    if (relu) rectifiedData.add(y.dataId);
    if (pool) pooledData.add(y.dataId);
    return y;
  };
  return layer;
}

/**
 * The pool the kernel folds in for an input of `shape`: its own loops take 4 channels a vector,
 * and a max pool's windows must tile the input (other shapes pool in their own layer).
 */
function foldablePool(pool: FoldedPool | undefined, shape: number[]): FoldedPool | undefined {
  if (!pool || shape.length !== 4) return undefined;
  const [, h, w, c] = shape;
  if (c % 4 !== 0) return undefined;
  if (pool === 'max2x2') return h % 2 === 0 && w % 2 === 0 ? pool : undefined;
  return h * w >= 2 ? pool : undefined;
}
