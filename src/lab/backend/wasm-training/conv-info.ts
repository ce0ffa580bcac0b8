import * as tf from '@tensorflow/tfjs';

/** Convolution geometry (output size, padding) computed the way every tfjs backend does. */
export type ConvInfo = tf.backend_util.Conv2DInfo;

/** The smallest multiple of 4 ≥ `channels`: the tiles' narrowest column block. */
export const channelsForTiles = (channels: number) => Math.ceil(channels / 4) * 4;

/** `info` with Cout widened to `channels` (the geometry is unchanged). */
export const withOutChannels = (info: ConvInfo, channels: number): ConvInfo => ({
  ...info,
  outChannels: channels,
  outShape: [info.outShape[0], info.outShape[1], info.outShape[2], channels],
});

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

/** A convolution's spatial sizes under the short names its direct loops use. */
export interface TapGeometry {
  n: number;
  h: number;
  w: number;
  oh: number;
  ow: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  top: number;
  left: number;
}

export const tapGeometry = (info: ConvInfo): TapGeometry => ({
  n: info.batchSize,
  h: info.inHeight,
  w: info.inWidth,
  oh: info.outHeight,
  ow: info.outWidth,
  fh: info.filterHeight,
  fw: info.filterWidth,
  sh: info.strideHeight,
  sw: info.strideWidth,
  dh: info.dilationHeight,
  dw: info.dilationWidth,
  top: info.padInfo.top,
  left: info.padInfo.left,
});

/** A depthwise convolution's sizes, channels included. */
export interface DepthwiseGeometry extends TapGeometry {
  cin: number;
  /** Channel multiplier: output channels per input channel. */
  mult: number;
  cout: number;
}

export function depthwiseGeometry(
  xShape: number[],
  filterShape: number[],
  attrs: {
    strides: [number, number] | number;
    dilations: [number, number] | number;
    pad: Pad;
    dimRoundingMode?: Rounding;
  },
): DepthwiseGeometry {
  const info = conv2dInfo(
    xShape,
    filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  return {
    ...tapGeometry(info),
    cin: info.inChannels,
    mult: info.outChannels / info.inChannels,
    cout: info.outChannels,
  };
}
