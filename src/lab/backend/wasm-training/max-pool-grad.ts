import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocF32, heapF32, input } from './wasm-heap';

/**
 * MaxPoolGrad for wasm in one pass (the shipped kernel is ~10× slower on the lab's shapes):
 * each output's gradient goes to the first maximum of its window, scanning rows then columns,
 * exactly as the cpu backend chooses it.
 */
export function maxPoolGradWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const dy = input(inputs, 'dy');
  const x = input(inputs, 'input');
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const dx = allocF32(backend, [...x.shape]);
  const dxs = heapF32(backend, dx);
  const xs = heapF32(backend, x);
  const dys = heapF32(backend, dy);
  dxs.fill(0);
  // Per output pixel, track every channel's running maximum at once (contiguous reads).
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, o += c) {
        best.fill(-Infinity);
        at.fill(-1);
        for (let fy = 0; fy < fh; fy++) {
          const iy = oy * sh - top + fy * dh;
          if (iy < 0 || iy >= h) continue;
          for (let fx = 0; fx < fw; fx++) {
            const ix = ox * sw - left + fx * dw;
            if (ix < 0 || ix >= w) continue;
            const base = ((b * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = xs[base + ch];
              if (v > best[ch]) {
                best[ch] = v;
                at[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) if (at[ch] >= 0) dxs[at[ch]] += dys[o + ch];
      }
    }
  }
  return dx;
}
