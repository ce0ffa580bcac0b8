import * as tf from '@tensorflow/tfjs';
import { createRng } from '../util/rng';

/** Training-time augmentation (plain JSON). */
export interface AugmentSpec {
  /** Mirror each image left–right with probability 1/2. */
  flip?: boolean;
  /** Pad each side by this many pixels (zeros) and crop back to the original size at a random offset. */
  crop?: number;
}

/**
 * Augments a batch on tensors (in the Worker, on the active backend), seeded: the same seed gives the
 * same flips and crops. Returns `x` itself when there is nothing to do.
 */
export function augmentBatch(x: tf.Tensor4D, spec: AugmentSpec | undefined, seed: number): tf.Tensor4D {
  const pad = spec?.crop ?? 0;
  const flip = spec?.flip === true;
  if (!flip && pad <= 0) return x;
  const rng = createRng(seed);
  const [b, h, w] = x.shape;
  const flips = Array.from({ length: b }, () => (flip && rng.next() < 0.5 ? 1 : 0));
  const offsets = Array.from({ length: b }, () => [rng.int(2 * pad + 1), rng.int(2 * pad + 1)]);
  return tf.tidy(() => {
    let y: tf.Tensor4D = x;
    if (flip) {
      const mask = tf.tensor4d(flips, [b, 1, 1, 1]);
      y = tf.add(tf.mul(mask, tf.reverse(y, 2)), tf.mul(tf.sub(1, mask), y));
    }
    if (pad > 0) {
      const padded = tf.pad(y, [
        [0, 0],
        [pad, pad],
        [pad, pad],
        [0, 0],
      ]);
      const [hp, wp] = [h + 2 * pad, w + 2 * pad];
      const boxes = offsets.map(([oy, ox]) => [
        oy / (hp - 1),
        ox / (wp - 1),
        (oy + h - 1) / (hp - 1),
        (ox + w - 1) / (wp - 1),
      ]);
      y = tf.image.cropAndResize(
        padded,
        tf.tensor2d(boxes, [b, 4]),
        tf.tensor1d(
          Array.from({ length: b }, (_, i) => i),
          'int32',
        ),
        [h, w],
        'nearest',
      );
    }
    return y;
  });
}
