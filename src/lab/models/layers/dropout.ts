import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../util/rng';

/** Extra call argument the training step passes to every layer: a seed unique to this step. */
export const STEP_SEED_KWARG = 'stepSeed';

/**
 * tfjs-layers' Dropout (same class and saved form). With a seed, tfjs-layers draws the SAME mask
 * at every step; here the mask is seeded per step (the `stepSeed` call argument), so training is
 * reproducible and a continued run draws what a run in one go would have.
 */
export function dropout(args: { name: string; rate: number; seed?: number }): tf.layers.Layer {
  const layer = tf.layers.dropout(args);
  const shippedCall = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    const stepSeed = kwargs?.[STEP_SEED_KWARG] as number | undefined;
    if (kwargs?.training !== true || stepSeed === undefined || args.rate <= 0)
      return shippedCall(inputs, kwargs);
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.dropout(x, args.rate, undefined, deriveSeed(args.seed ?? 0, `${layer.name}:${stepSeed}`));
  };
  return layer;
}
