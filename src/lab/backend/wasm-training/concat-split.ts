import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { SimdLoops } from './simd/loops';
import { addressOf, loopsOf } from './wasm-heap';

/**
 * Concat and SplitV as strided row copies on the SIMD loop. Around an axis, a tensor is
 * [outer, inner] with inner = the size of the axis and everything after it; concatenating or
 * splitting along the axis copies `outer` rows of each part's inner size. The shipped kernels
 * copy element runs in JS (Concat) or slice one output at a time (SplitV): the DPN cell's
 * channel concat and its gradient took ~10–20 ms each at [64, 32, 32, 32].
 * Applies when every part is float32 and non-empty (rows of any width: the DPN's parts of 2, 5 or
 * 41 channels included); anything else goes to the shipped kernel.
 */

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs: tf.NamedAttrMap };

/** [outer, inner] of `shape` around `axis`. */
function aroundAxis(shape: number[], axis: number): [number, number] {
  return [tf.util.sizeFromShape(shape.slice(0, axis)), tf.util.sizeFromShape(shape.slice(axis))];
}

const fits = (parts: tf.TensorInfo[]) =>
  parts.every((t) => t.dtype === 'float32' && tf.util.sizeFromShape(t.shape) > 0);

function loopsFor(backend: BackendWasm, parts: tf.TensorInfo[], axis: number): SimdLoops | null {
  return fits(parts) && aroundAxis(parts[0].shape, axis)[0] > 0 ? loopsOf(backend) : null;
}

export function wrapConcat(shipped: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs) => {
    const parts = args.inputs as unknown as tf.TensorInfo[];
    if (!Array.isArray(parts) || parts.length < 2) return shipped.kernelFunc(args);
    const axis = tf.util.parseAxisParam((args.attrs as unknown as tf.ConcatAttrs).axis, parts[0].shape)[0];
    const loops = loopsFor(args.backend, parts, axis);
    if (!loops) return shipped.kernelFunc(args);
    const outShape = tf.backend_util.computeOutShape(
      parts.map((t) => t.shape),
      axis,
    );
    const [outer, innerTotal] = aroundAxis(outShape, axis);
    const out = args.backend.makeOutput(outShape, 'float32');
    const outAt = addressOf(args.backend, out);
    let offset = 0;
    for (const part of parts) {
      const inner = aroundAxis(part.shape, axis)[1];
      loops.copyRows(
        outAt + 4 * offset,
        4 * innerTotal,
        addressOf(args.backend, part),
        4 * inner,
        outer,
        4 * inner,
      );
      offset += inner;
    }
    return out;
  };
  return { ...shipped, kernelFunc: kernelFunc as tf.KernelFunc };
}

export function wrapSplitV(shipped: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs) => {
    const x = args.inputs.x;
    if (!x) return shipped.kernelFunc(args);
    const { numOrSizeSplits, axis: axisAttr } = args.attrs as unknown as tf.SplitVAttrs;
    const axis = tf.util.parseAxisParam(axisAttr, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.TensorInfo, numOrSizeSplits, axis);
    const shapes = sizes.map((size) => x.shape.map((d, i) => (i === axis ? size : d)));
    const parts = shapes.map((shape) => ({ dataId: x.dataId, shape, dtype: x.dtype }) as tf.TensorInfo);
    const loops = loopsFor(args.backend, [x, ...parts], axis);
    if (!loops) return shipped.kernelFunc(args);
    const [outer, innerTotal] = aroundAxis(x.shape, axis);
    const xAt = addressOf(args.backend, x);
    let offset = 0;
    return shapes.map((shape) => {
      const out = args.backend.makeOutput(shape, 'float32');
      const inner = aroundAxis(shape, axis)[1];
      loops.copyRows(
        addressOf(args.backend, out),
        4 * inner,
        xAt + 4 * offset,
        4 * innerTotal,
        outer,
        4 * inner,
      );
      offset += inner;
      return out;
    });
  };
  return { ...shipped, kernelFunc: kernelFunc as tf.KernelFunc };
}
