import * as tf from '@tensorflow/tfjs';

/** Convolution geometry (output size, padding) computed the way every tfjs backend does. */
export type ConvInfo = tf.backend_util.Conv2DInfo;

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

export function conv2dInfo(
  xShape: number[],
  filterShape: number[],
  strides: [number, number] | number,
  dilations: [number, number] | number,
  pad: Pad,
  dimRoundingMode: Rounding,
  depthwise: boolean,
  dataFormat: string = 'NHWC',
): ConvInfo {
  if (dataFormat !== 'NHWC') throw new Error(`wasm training kernels support NHWC only (got ${dataFormat})`);
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
}
