import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { LAB_CONV2D_BIAS } from '../lab-kernels';
import { conv2dInfo } from './conv-info';
import { simdConv2dIfFits } from './conv2d-forward';
import { cropFilter, liveWindow } from './live-window';
import { free, input } from './wasm-heap';

/**
 * {@link LAB_CONV2D_BIAS}: inputs x, filter and (optional) bias, attrs as Conv2D's. The forward
 * pass runs over the filter's live window (`live-window.ts`), on the lab's gemm strips
 * (`conv2d-forward.ts`) where they fit, else on the backend's FusedConv2D with a linear activation. The point of the kernel is the gradient: each
 * input's is computed only when asked for, so the first layer of a network skips its input
 * gradient (fused conv2d's custom gradient always computes it: ~7 ms a step on the reference CNN).
 */
export function conv2dBiasWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const x = input(args.inputs, 'x');
  const filter = input(args.inputs, 'filter');
  const a = args.attrs as unknown as tf.Conv2DAttrs;
  const info = conv2dInfo(
    x.shape,
    filter.shape,
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    false,
    a.dataFormat,
  );
  const window = liveWindow(info);
  if (window) {
    const cropped = cropFilter(args.backend, filter, window);
    const out = conv2dBiasWasm({
      ...args,
      inputs: { ...args.inputs, filter: cropped },
      attrs: { ...args.attrs, pad: window.pad, dimRoundingMode: undefined } as unknown as tf.NamedAttrMap,
    });
    free(args.backend, cropped);
    return out;
  }
  const simd = simdConv2dIfFits(args.backend, x, filter, args.inputs.bias ?? null, info);
  if (simd) return simd;
  const fused = tf.getKernel('FusedConv2D', 'wasm');
  if (!fused) throw new Error('wasm kernel FusedConv2D is not registered');
  const out = fused.kernelFunc({ ...args, attrs: { ...args.attrs, activation: 'linear' } });
  if (Array.isArray(out)) throw new Error('FusedConv2D returned several outputs');
  return out;
}

export const conv2dBiasGradConfig: tf.GradConfig = {
  kernelName: LAB_CONV2D_BIAS,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const grad = dy as tf.Tensor4D;
    const [x, filter] = saved;
    const { strides, pad, dataFormat, dimRoundingMode, dilations } = attrs as unknown as tf.Conv2DAttrs;
    const dilated = [dilations ?? 1].flat().some((d) => d !== 1);
    if (dilated) throw new Error(`${LAB_CONV2D_BIAS}: gradients of dilated convolutions are not supported`);
    const common = { strides, pad, dataFormat, dimRoundingMode };
    const run = (kernel: string, inputs: tf.NamedTensorMap, extra: tf.NamedAttrMap) =>
      tf.engine().runKernel(kernel, inputs, { ...common, ...extra } as tf.NamedAttrMap) as tf.Tensor;
    return {
      x: () => run('Conv2DBackpropInput', { dy: grad, filter }, { inputShape: x.shape }),
      filter: () => run('Conv2DBackpropFilter', { x, dy: grad }, { filterShape: filter.shape }),
      bias: () => tf.sum(grad, [0, 1, 2]),
    };
  },
};
