import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { depthwiseGeometry, type DepthwiseGeometry } from './conv-info';
import { forEachTapRun } from './depthwise-runs';
import type { SimdLoops } from './simd/loops';
import { addressOf, allocF32, free, heapF32, input, loopsOf, memoryF64 } from './wasm-heap';

/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (absent from tfjs-backend-wasm 4.22), a direct loop
 * over the tap runs of `depthwise-runs.ts`:
 * dW[fy, fx, c, q] = Σ_{n, oy, ox} x[n, iy, ix, c] · dy[n, oy, ox, c·mult + q]. Sums in float64.
 * With multiplier 1 and channels a multiple of 4, each run is one SIMD `dotRows` call.
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
  const g = depthwiseGeometry(x.shape, attrs.filterShape, attrs);
  const { h, w, cin, oh, ow, fh, fw, sw, mult, cout } = g;
  const loops = mult === 1 && cin % 4 === 0 ? loopsOf(backend) : null;
  if (loops) return viaTapRuns(backend, loops, x, dy, g, attrs.filterShape);
  const sum = new Float64Array(fh * fw * cout);
  const xs = heapF32(backend, x);
  const dys = heapF32(backend, dy);
  forEachTapRun(g, (r) => {
    const wBase = r.tap * cout;
    for (let i = 0; i < r.count; i++) {
      const xBase = ((r.b * h + r.iy) * w + r.ix0 + i * sw) * cin;
      const dyBase = ((r.b * oh + r.oy) * ow + r.ox0 + i) * cout;
      if (mult === 1) {
        for (let c = 0; c < cin; c++) sum[wBase + c] += xs[xBase + c] * dys[dyBase + c];
      } else {
        for (let c = 0; c < cin; c++) {
          const xv = xs[xBase + c];
          for (let q = 0; q < mult; q++) sum[wBase + c * mult + q] += xv * dys[dyBase + c * mult + q];
        }
      }
    }
  });
  const dW = allocF32(backend, [...attrs.filterShape]);
  heapF32(backend, dW).set(sum);
  return dW;
}

/** Multiplier 1, channels a multiple of 4: one SIMD `dotRows` call per tap run, summed in float64. */
function viaTapRuns(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: DepthwiseGeometry,
  filterShape: number[],
): tf.TensorInfo {
  const { h, w, cin, oh, ow, sw, fh, fw } = g;
  const taps = fh * fw;
  // float64 sums [taps, cin] in scratch: 2 float32 slots per value.
  const scratch = allocF32(backend, [2 * taps * cin]);
  const dW = allocF32(backend, [...filterShape]);
  const [sumAt, xAt, dyAt] = [scratch, x, dy].map((t) => addressOf(backend, t));
  memoryF64(backend).fill(0, sumAt >> 3, (sumAt >> 3) + taps * cin);
  forEachTapRun(g, (r) => {
    const a = xAt + 4 * ((r.b * h + r.iy) * w + r.ix0) * cin;
    const b = dyAt + 4 * ((r.b * oh + r.oy) * ow + r.ox0) * cin;
    loops.dotRows(sumAt + 8 * r.tap * cin, a, 4 * sw * cin, b, 4 * cin, r.count, 4 * cin);
  });
  heapF32(backend, dW).set(memoryF64(backend).subarray(sumAt >> 3, (sumAt >> 3) + taps * cin));
  free(backend, scratch);
  return dW;
}
