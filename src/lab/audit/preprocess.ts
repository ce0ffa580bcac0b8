/**
 * Input preprocessing as one pure tensor function: a batch of 0–255 images [b, h, w, c]
 * (c = 1 or 3, RGB) → the float32 tensor the model takes, following an InputMapping.
 * Order: channel order → centre crop → resize → scaling. Resizing and channel mixing are both
 * linear, so converting channels first (fewer values to resize for gray) changes nothing.
 */
import * as tf from '@tensorflow/tfjs';
import {
  resizeConvention,
  type ChannelOrder,
  type InputMapping,
  type ResizeConvention,
  type Scaling,
} from './mapping';

/** ITU-R BT.601 luma weights, as the lab's importers use for RGB → gray. */
const LUMA = [0.299, 0.587, 0.114];

export function preprocessBatch(images: tf.Tensor4D, input: InputMapping): tf.Tensor4D {
  return tf.tidy(() => {
    const channels = toChannelOrder(tf.cast(images, 'float32'), input.channels);
    const cropped = input.crop === 'center' ? centerCrop(channels, input.cropFraction ?? 1) : channels;
    return applyScaling(resize(cropped, input), input.scale);
  });
}

/** uint8 pixels of n images, row-major HWC, as a [n, side, side, c] tensor. */
export function pixelsToTensor(
  pixels: Uint8Array,
  n: number,
  height: number,
  width: number,
  channels: number,
): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(pixels), [n, height, width, channels], 'float32');
}

export function toChannelOrder(x: tf.Tensor4D, order: ChannelOrder): tf.Tensor4D {
  const from = x.shape[3];
  if (from !== 1 && from !== 3) throw new Error(`Images must have 1 or 3 channels (got ${from})`);
  if (order === 'gray') {
    return from === 1 ? x : (tf.sum(tf.mul(x, tf.tensor1d(LUMA)), 3, true) as tf.Tensor4D);
  }
  const rgb = from === 1 ? tf.tile(x, [1, 1, 1, 3]) : x;
  return order === 'bgr' ? tf.reverse(rgb, 3) : rgb;
}

/** The central square whose side is `fraction` of the shorter image side. */
export function centerCrop(x: tf.Tensor4D, fraction: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const side = Math.max(1, Math.round(Math.min(h, w) * fraction));
  if (side === h && side === w) return x;
  const top = Math.floor((h - side) / 2);
  const left = Math.floor((w - side) / 2);
  return tf.slice(x, [0, top, left, 0], [-1, side, side, -1]);
}

/** tfjs's (alignCorners, halfPixelCenters) flags for each resize convention. */
const RESIZE_FLAGS: Record<ResizeConvention, [boolean, boolean]> = {
  'half-pixel': [false, true],
  legacy: [false, false],
  'align-corners': [true, false],
};

/** Resizes to the mapping's size with its method and sampling convention. */
export function resize(x: tf.Tensor4D, input: InputMapping): tf.Tensor4D {
  const [height, width] = input.size;
  if (x.shape[1] === height && x.shape[2] === width) return x;
  const [alignCorners, halfPixelCenters] = RESIZE_FLAGS[resizeConvention(input)];
  return input.resize === 'nearest'
    ? tf.image.resizeNearestNeighbor(x, [height, width], alignCorners, halfPixelCenters)
    : tf.image.resizeBilinear(x, [height, width], alignCorners, halfPixelCenters);
}

export function applyScaling(x: tf.Tensor4D, scale: Scaling): tf.Tensor4D {
  if (scale === '0-255') return x;
  if (scale === '0-1') return tf.div(x, 255);
  if (scale === '-1-1') return tf.sub(tf.div(x, 127.5), 1);
  return tf.div(tf.sub(x, tf.tensor1d(scale.mean)), tf.tensor1d(scale.std));
}
