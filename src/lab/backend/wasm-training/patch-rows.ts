import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { ConvInfo } from './conv-info';
import { addressOf, allocF32, memoryF32 } from './wasm-heap';

/**
 * A convolution's patches as the rows of one matrix [n·outH·outW, fh·fw·cin], NHWC order per row
 * ((fy, fx, c), the filter's own), zeros where a tap reads padding: x itself for a 1×1 stride-1
 * convolution without padding, else a new tensor (`owned`: free it). One copy of cin floats per
 * pixel and tap, so for small grids only (see `conv2d-forward.ts`).
 */
export function patchRows(
  backend: BackendWasm,
  x: tf.TensorInfo,
  info: ConvInfo,
): { patches: tf.TensorInfo; owned: boolean } {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin } = info;
  const { outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const pointwise = fh === 1 && fw === 1 && sh === 1 && sw === 1 && top === 0 && left === 0;
  if (pointwise && oh === h && ow === w) return { patches: x, owned: false };
  const k = fh * fw * cin;
  const patches = allocF32(backend, [n * oh * ow, k]);
  const heap = memoryF32(backend);
  const xAt = addressOf(backend, x) >> 2;
  let dst = addressOf(backend, patches) >> 2;
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let fy = 0; fy < fh; fy++) {
          const iy = oy * sh - top + fy;
          for (let fx = 0; fx < fw; fx++, dst += cin) {
            const ix = ox * sw - left + fx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) heap.fill(0, dst, dst + cin);
            else {
              const src = xAt + ((b * h + iy) * w + ix) * cin;
              heap.copyWithin(dst, src, src + cin);
            }
          }
        }
  return { patches, owned: true };
}
