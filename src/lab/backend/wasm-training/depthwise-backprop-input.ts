import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { depthwiseGeometry } from './conv-info';
import { depthwiseParts } from './depthwise-parts';
import { forEachTapRun } from './depthwise-runs';
import { addressOf, allocF32, heapF32, input, loopsOf } from './wasm-heap';

/**
 * DepthwiseConv2dNativeBackpropInput for wasm (absent from tfjs-backend-wasm 4.22), a direct loop
 * over the tap runs of `depthwise-runs.ts`:
 * dx[n, iy, ix, c] = Σ_{fy, fx, q} dy[n, oy, ox, c·mult + q] · W[fy, fx, c, q] over the taps that read (iy, ix).
 * On the SIMD loops (images split across the threads), one call per tap run: `mulAddRows` with
 * multiplier 1 and channels a multiple of 4, `dwDot` with a multiplier that is a multiple of 4
 * (the lab's grouped conv); JS loops otherwise.
 */
export function depthwiseBackpropInputWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const dy = input(inputs, 'dy');
  const filter = input(inputs, 'filter');
  const g = depthwiseGeometry(attrs.inputShape, filter.shape, attrs);
  const { h, w, cin, oh, ow, sw, mult, cout } = g;
  const dx = allocF32(backend, [...attrs.inputShape]);
  const simd = (mult === 1 && cin % 4 === 0) || (mult > 1 && mult % 4 === 0);
  const loops = simd ? loopsOf(backend) : null;
  if (loops) {
    heapF32(backend, dx).fill(0);
    const [dxAt, dyAt, wAt] = [dx, dy, filter].map((t) => addressOf(backend, t));
    const [xRow, yRow] = [h * w * cin * 4, oh * ow * cout * 4];
    depthwiseParts(backend, loops, g).run((_, l, b, r) => {
      const dst = dxAt + b * xRow + 4 * (r.iy * w + r.ix0) * cin;
      const src = dyAt + b * yRow + 4 * (r.oy * ow + r.ox0) * cout;
      const tap = wAt + 4 * r.tap * cout;
      if (mult === 1) l.mulAddRows(dst, 4 * sw * cin, src, 4 * cout, tap, r.count, 4 * cin);
      else l.dwDot(dst, 4 * sw * cin, src, 4 * cout, tap, r.count, cin, 4 * mult);
    });
    return dx;
  }
  const dxs = heapF32(backend, dx);
  const dys = heapF32(backend, dy);
  const ws = heapF32(backend, filter);
  dxs.fill(0);
  forEachTapRun(g, (r) => {
    const wBase = r.tap * cout;
    for (let i = 0; i < r.count; i++) {
      const xBase = ((r.b * h + r.iy) * w + r.ix0 + i * sw) * cin;
      const dyBase = ((r.b * oh + r.oy) * ow + r.ox0 + i) * cout;
      if (mult === 1) {
        for (let c = 0; c < cin; c++) dxs[xBase + c] += dys[dyBase + c] * ws[wBase + c];
      } else {
        for (let c = 0; c < cin; c++) {
          let acc = 0;
          for (let q = 0; q < mult; q++) acc += dys[dyBase + c * mult + q] * ws[wBase + c * mult + q];
          dxs[xBase + c] += acc;
        }
      }
    }
  });
  return dx;
}
