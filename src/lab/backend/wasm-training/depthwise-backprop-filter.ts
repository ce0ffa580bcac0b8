import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { depthwiseGeometry } from './conv-info';
import { allocF32, heapF32, input } from './wasm-heap';

/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (absent from tfjs-backend-wasm 4.22), a direct loop:
 * dW[fy, fx, c, q] = Σ_{n, oy, ox} x[n, iy, ix, c] · dy[n, oy, ox, c·mult + q]. Sums in float64.
 */
export function depthwiseBackpropFilterWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  const { n, h, w, cin, oh, ow, fh, fw, sh, sw, dh, dw, top, left, mult, cout } = depthwiseGeometry(
    x.shape,
    attrs.filterShape,
    attrs,
  );
  const sum = new Float64Array(fh * fw * cout);
  const xs = heapF32(backend, x);
  const dys = heapF32(backend, dy);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let fy = 0; fy < fh; fy++) {
        const iy = oy * sh - top + fy * dh;
        if (iy < 0 || iy >= h) continue;
        for (let ox = 0; ox < ow; ox++) {
          const dyBase = ((b * oh + oy) * ow + ox) * cout;
          for (let fx = 0; fx < fw; fx++) {
            const ix = ox * sw - left + fx * dw;
            if (ix < 0 || ix >= w) continue;
            const xBase = ((b * h + iy) * w + ix) * cin;
            const wBase = (fy * fw + fx) * cout;
            if (mult === 1) {
              for (let c = 0; c < cin; c++) sum[wBase + c] += xs[xBase + c] * dys[dyBase + c];
            } else {
              for (let c = 0; c < cin; c++) {
                const xv = xs[xBase + c];
                for (let q = 0; q < mult; q++) sum[wBase + c * mult + q] += xv * dys[dyBase + c * mult + q];
              }
            }
          }
        }
      }
    }
  }
  const dW = allocF32(backend, [...attrs.filterShape]);
  heapF32(backend, dW).set(sum);
  return dW;
}
