import * as tf from '@tensorflow/tfjs';
import { activeBackendHas, LAB_DROPOUT } from '../../backend/lab-kernels';
import { deriveSeed } from '../../util/rng';

/** Extra call argument the training step passes to every layer: a seed unique to this step. */
export const STEP_SEED_KWARG = 'stepSeed';

/**
 * tfjs-layers' Dropout (same class and saved form). With a seed, tfjs-layers draws the SAME mask
 * at every step; here the mask is seeded per step (the `stepSeed` call argument), so training is
 * reproducible and a continued run draws what a run in one go would have. On wasm one lab
 * kernel draws the mask and applies it (`wasm-training/dropout.ts`).
 */
export function dropout(args: { name: string; rate: number; seed?: number }): tf.layers.Layer {
  const layer = tf.layers.dropout(args);
  const shippedCall = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    const stepSeed = kwargs?.[STEP_SEED_KWARG] as number | undefined;
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const maskSeed = () => deriveSeed(args.seed ?? 0, `${layer.name}:${stepSeed}`);
    if (
      kwargs?.training === true &&
      args.rate > 0 &&
      x.dtype === 'float32' &&
      activeBackendHas(LAB_DROPOUT)
    ) {
      // One kernel (wasm): its masks come from its own generator, seeded the same way.
      const seed = stepSeed === undefined ? Math.floor(Math.random() * 2 ** 32) : maskSeed();
      const [y] = tf
        .engine()
        .runKernel(LAB_DROPOUT, { x }, { rate: args.rate, seed }) as unknown as tf.Tensor[];
      return y;
    }
    if (kwargs?.training !== true || stepSeed === undefined || args.rate <= 0)
      return shippedCall(inputs, kwargs);
    return tf.dropout(x, args.rate, undefined, maskSeed());
  };
  return layer;
}
