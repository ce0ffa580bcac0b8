import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { depthwiseGeometry, type DepthwiseGeometry } from './conv-info';
import { depthwiseParts } from './depthwise-parts';
import { forEachTapRun } from './depthwise-runs';
import type { SimdLoops } from './simd/loops';
import { addressOf, allocF32, free, heapF32, input, loopsOf, memoryF64 } from './wasm-heap';

/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (absent from tfjs-backend-wasm 4.22), a direct loop
 * over the tap runs of `depthwise-runs.ts`:
 * dW[fy, fx, c, q] = Σ_{n, oy, ox} x[n, iy, ix, c] · dy[n, oy, ox, c·mult + q]. Sums in float64.
 * On the SIMD loops, one call per tap run: `dotRows` with multiplier 1 and channels a multiple of
 * 4, `dwFilter` with a multiplier that is a multiple of 4 (the lab's grouped conv); the images
 * split across the threads, each part summing into its own float64 dW, added in part order.
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
  const simd = (mult === 1 && cin % 4 === 0) || (mult > 1 && mult % 4 === 0);
  const loops = simd ? loopsOf(backend) : null;
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

/** One SIMD call per tap run, summed in float64 per part (see above). */
function viaTapRuns(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: DepthwiseGeometry,
  filterShape: number[],
): tf.TensorInfo {
  const { h, w, cin, oh, ow, sw, fh, fw, mult, cout } = g;
  const size = fh * fw * cout;
  const parts = depthwiseParts(backend, loops, g);
  // float64 sums [parts, taps, cout] in scratch: 2 float32 slots per value.
  const scratch = allocF32(backend, [2 * size * parts.parts]);
  const dW = allocF32(backend, [...filterShape]);
  const [sumAt, xAt, dyAt] = [scratch, x, dy].map((t) => addressOf(backend, t));
  memoryF64(backend).fill(0, sumAt >> 3, (sumAt >> 3) + size * parts.parts);
  const [xImage, yImage] = [4 * h * w * cin, 4 * oh * ow * cout];
  parts.run((p, l, b, r) => {
    const a = xAt + b * xImage + 4 * (r.iy * w + r.ix0) * cin;
    const d = dyAt + b * yImage + 4 * (r.oy * ow + r.ox0) * cout;
    const acc = sumAt + 8 * (p * size + r.tap * cout);
    if (mult === 1) l.dotRows(acc, a, 4 * sw * cin, d, 4 * cout, r.count, 4 * cin);
    else l.dwFilter(acc, a, 4 * sw * cin, d, 4 * cout, r.count, cin, 4 * mult);
  });
  const heap = memoryF64(backend);
  const totals = heap.slice(sumAt >> 3, (sumAt >> 3) + size);
  for (let p = 1; p < parts.parts; p++) {
    const from = (sumAt >> 3) + p * size;
    for (let i = 0; i < size; i++) totals[i] += heap[from + i];
  }
  heapF32(backend, dW).set(totals);
  free(backend, scratch);
  return dW;
}
