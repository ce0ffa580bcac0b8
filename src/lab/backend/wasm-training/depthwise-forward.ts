import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { depthwiseGeometry } from './conv-info';
import { depthwiseParts } from './depthwise-parts';
import { addressOf, allocF32, heapF32, input, loopsOf } from './wasm-heap';

/**
 * DepthwiseConv2dNative with a channel multiplier that is a multiple of 4 (the lab's grouped conv
 * runs as one depthwise conv with multiplier cout / groups): one SIMD `dwMulAdd` call per tap run
 * of `depthwise-runs.ts`, images split across the loop threads. XNNPACK runs these ~10× slower on
 * the FR-NAS DPN's shapes. Everything else (multiplier 1, NCHW, other dtypes) goes to the shipped kernel.
 */
export function wrapDepthwiseForward(shipped: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: {
    inputs: tf.NamedTensorInfoMap;
    backend: BackendWasm;
    attrs: tf.NamedAttrMap;
  }) => {
    const { inputs, backend } = args;
    const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeAttrs;
    const x = input(inputs, 'x');
    const filter = input(inputs, 'filter');
    const mult = filter.shape[3];
    const nhwc = (attrs.dataFormat ?? 'NHWC') === 'NHWC';
    const loops = mult > 1 && mult % 4 === 0 && nhwc && x.dtype === 'float32' ? loopsOf(backend) : null;
    if (!loops) return shipped.kernelFunc(args);
    const g = depthwiseGeometry(x.shape, filter.shape, attrs);
    const { n, h, w, cin, oh, ow, sw, cout } = g;
    const out = allocF32(backend, [n, oh, ow, cout]);
    heapF32(backend, out).fill(0);
    const [outAt, xAt, wAt] = [out, x, filter].map((t) => addressOf(backend, t));
    const [xImage, yImage] = [4 * h * w * cin, 4 * oh * ow * cout];
    depthwiseParts(backend, loops, g).run((_, l, b, r) => {
      const dst = outAt + b * yImage + 4 * (r.oy * ow + r.ox0) * cout;
      const src = xAt + b * xImage + 4 * (r.iy * w + r.ix0) * cin;
      l.dwMulAdd(dst, 4 * cout, src, 4 * sw * cin, wAt + 4 * r.tap * cout, r.count, cin, 4 * mult);
    });
    return out;
  };
  return { ...shipped, kernelFunc: kernelFunc as tf.KernelFunc };
}
