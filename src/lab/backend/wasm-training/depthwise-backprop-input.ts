import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { depthwiseGeometry } from './conv-info';
import { forEachTapRun } from './depthwise-runs';
import { addressOf, allocF32, heapF32, input, loopsOf } from './wasm-heap';

/**
 * DepthwiseConv2dNativeBackpropInput for wasm (absent from tfjs-backend-wasm 4.22), a direct loop
 * over the tap runs of `depthwise-runs.ts`:
 * dx[n, iy, ix, c] = Σ_{fy, fx, q} dy[n, oy, ox, c·mult + q] · W[fy, fx, c, q] over the taps that read (iy, ix).
 * With multiplier 1 and channels a multiple of 4, each run is one SIMD `mulAddRows` call.
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
  const loops = mult === 1 && cin % 4 === 0 ? loopsOf(backend) : null;
  if (loops) {
    heapF32(backend, dx).fill(0);
    const [dxAt, dyAt, wAt] = [dx, dy, filter].map((t) => addressOf(backend, t));
    forEachTapRun(g, (r) => {
      const dst = dxAt + 4 * ((r.b * h + r.iy) * w + r.ix0) * cin;
      const src = dyAt + 4 * ((r.b * oh + r.oy) * ow + r.ox0) * cout;
      loops.mulAddRows(dst, 4 * sw * cin, src, 4 * cout, wAt + 4 * r.tap * cout, r.count, 4 * cin);
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
