import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { channelDyStatsOf, valuesF32 } from './channel-passes';
import { input } from './wasm-heap';

/** Lab-only kernel name: per-channel Σdy and Σdy·(x − mean) over all leading axes, in one pass. */
export const CHANNEL_DY_STATS = 'LabChannelDyStats';

/**
 * wasm kernel for {@link CHANNEL_DY_STATS}: inputs dy and x ([..., C], same shape, float32) and
 * mean ([C]); outputs [Σdy, Σdy·(x − mean)], both [C]. Replaces the Sub, Multiply and two Sums
 * (four full-size passes, two full-size intermediates) of the batch-norm gradient's reductions
 * with one read of dy and x, accumulating in float64 (`channelDyStatsOf`).
 */
export function channelDyStatsWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
}): tf.TensorInfo[] {
  const { backend } = args;
  const dy = input(args.inputs, 'dy');
  const x = input(args.inputs, 'x');
  const mean = input(args.inputs, 'mean');
  const cols = x.shape[x.shape.length - 1];
  const [sumDy, sumDyXc] = channelDyStatsOf(backend, dy, x, mean, cols);
  return [valuesF32(backend, sumDy), valuesF32(backend, sumDyXc)];
}
