import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { ConvInfo } from './conv-info';
import { liveTaps } from './conv2d-filter-live-taps';
import { allocF32, heapF32 } from './wasm-heap';

/**
 * The filter rows and columns of a convolution that ever read the image. On the DPN's 1×1 and
 * 2×2 grids a 3×3 "same" filter reads mostly padding (at 1×1 only the centre tap is live), and a
 * convolution over the live window alone, with the padding shifted to match, gives the same
 * output for a fraction of the work: 3.8 → 0.4 ms for the DPN's last 3×3 conv at 32 px.
 */
export interface LiveWindow {
  fy: number;
  fx: number;
  height: number;
  width: number;
  /** The cropped convolution's explicit NHWC padding (same output size). */
  pad: [[number, number], [number, number], [number, number], [number, number]];
}

/** The live window when it is smaller than the filter (no dilation), else null. */
export function liveWindow(info: ConvInfo): LiveWindow | null {
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const taps = liveTaps(info);
  if (taps.length === 0 || taps.length === fh * fw) return null;
  const rows = taps.map((t) => Math.floor(t / fw));
  const cols = taps.map((t) => t % fw);
  const [fy, fx] = [Math.min(...rows), Math.min(...cols)];
  const [height, width] = [Math.max(...rows) - fy + 1, Math.max(...cols) - fx + 1];
  const top = info.padInfo.top - fy;
  const left = info.padInfo.left - fx;
  const bottom = (info.outHeight - 1) * sh + height - info.inHeight - top;
  const right = (info.outWidth - 1) * sw + width - info.inWidth - left;
  if (Math.min(top, left, bottom, right) < 0) return null;
  return {
    fy,
    fx,
    height,
    width,
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
  };
}

/** The window's taps of a [fh, fw, cin, cout] filter, as a new [height, width, cin, cout] tensor. */
export function cropFilter(backend: BackendWasm, filter: tf.TensorInfo, window: LiveWindow): tf.TensorInfo {
  const [, fw, cin, cout] = filter.shape;
  const run = cin * cout;
  const out = allocF32(backend, [window.height, window.width, cin, cout]);
  const [src, dst] = [heapF32(backend, filter), heapF32(backend, out)];
  for (let y = 0; y < window.height; y++)
    for (let x = 0; x < window.width; x++) {
      const from = ((window.fy + y) * fw + window.fx + x) * run;
      dst.set(src.subarray(from, from + run), (y * window.width + x) * run);
    }
  return out;
}
