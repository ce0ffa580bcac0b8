import * as tf from '@tensorflow/tfjs';
import { activeBackendHas, LAB_CONV2D_BIAS } from '../../backend/lab-kernels';

/**
 * Grouped 2-D convolution (PyTorch's `groups`), which `tf.conv2d` lacks. The kernel has Keras's
 * grouped layout [kh, kw, cin / groups, cout]; output channel o uses the inputs of group
 * ⌊o / (cout / groups)⌋, as in PyTorch and Keras.
 *
 * Where the backend has the lab's conv kernel (wasm), it runs as one conv per group between a
 * channel split and a concat: the lab's strips and patch tiles take the groups' small convs
 * directly, and the split, concat and their gradients are SIMD row copies (the FR-NAS DPN at
 * 64 px: ~7 % of a step faster than the depthwise route, bench/README.md). Elsewhere it runs as
 * ONE depthwise convolution with channel multiplier cout / groups (every product computed once,
 * no per-group kernels), then a sum over each group's cin / groups inputs: every backend has
 * depthwise convolution and its gradients; the intermediate is (cin / groups)× the output.
 */
export function groupedConv2d(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  groups: number,
  strides: number,
  pad: 'same' | 'valid',
): tf.Tensor4D {
  if (groups === 1) return tf.conv2d(x, kernel, strides, pad);
  if (activeBackendHas(LAB_CONV2D_BIAS)) return perGroupConvs(x, kernel, groups, strides, pad);
  return tf.tidy(() => {
    const [kh, kw, cpi, cout] = kernel.shape;
    const cpo = cout / groups;
    const depthwise = kernel
      .reshape([kh, kw, cpi, groups, cpo])
      .transpose([0, 1, 3, 2, 4])
      .reshape([kh, kw, groups * cpi, cpo]) as tf.Tensor4D;
    const y = tf.depthwiseConv2d(x, depthwise, strides, pad);
    if (cpi === 1) return y;
    const [b, oh, ow] = y.shape;
    return y
      .reshape([b * oh * ow * groups, cpi, cpo])
      .sum(1)
      .reshape([b, oh, ow, cout]) as tf.Tensor4D;
  });
}

/** The same convolution as a plain conv: the [kh, kw, cin, cout] block-diagonal kernel (zeros across groups). */
export function blockDiagonalKernel(kernel: tf.Tensor4D, groups: number): tf.Tensor4D {
  const [kh, kw, cpi, cout] = kernel.shape;
  const cpo = cout / groups;
  const cin = cpi * groups;
  const values = kernel.dataSync();
  const full = new Float32Array(kh * kw * cin * cout);
  for (let tap = 0; tap < kh * kw; tap++) {
    for (let ci = 0; ci < cpi; ci++) {
      for (let o = 0; o < cout; o++) {
        const c = Math.floor(o / cpo) * cpi + ci;
        full[(tap * cin + c) * cout + o] = values[(tap * cpi + ci) * cout + o];
      }
    }
  }
  return tf.tensor4d(full, [kh, kw, cin, cout]);
}

/** One LabConv2DBias per group on the channel split of x and of the kernel, then a concat. */
function perGroupConvs(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  groups: number,
  strides: number,
  pad: 'same' | 'valid',
): tf.Tensor4D {
  return tf.tidy(() => {
    const kernels = tf.split(kernel, groups, 3);
    const outputs = tf
      .split(x, groups, 3)
      .map(
        (part, g) =>
          tf
            .engine()
            .runKernel(
              LAB_CONV2D_BIAS,
              { x: part, filter: kernels[g] },
              { strides: [strides, strides], pad, dataFormat: 'NHWC', dilations: [1, 1] },
            ) as tf.Tensor4D,
      );
    return tf.concat(outputs, 3);
  });
}
