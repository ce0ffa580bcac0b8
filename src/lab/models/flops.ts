import type * as tf from '@tensorflow/tfjs';

/**
 * Floating-point operations of a model, counted from its layers.
 *
 * Conventions (per image):
 * - a multiply-add is 2 FLOPs; bias adds, ReLU and residual adds are 1 per output element;
 * - conv k×k: 2·k²·Cin·Cout per output pixel (Cin / groups for a grouped conv); depthwise: 2·k²·M per output element, plus
 *   2·Cin·M·Cout for a separable conv's pointwise step; dilated kernels count their real taps;
 * - pooling: one op per window element; batch norm: 4 per element (subtract, scale, shift, statistics);
 * - a training step ≈ 3 × forward: the backward pass computes the gradient with respect to both
 *   the inputs and the weights, each about as costly as the forward pass (the usual convention).
 */

type Shape = (number | null)[];

const prod = (dims: (number | null)[]) => dims.reduce<number>((a, d) => a * (d ?? 1), 1);
const spatial = (shape: Shape) => prod(shape.slice(1, -1));
const channels = (shape: Shape) => shape[shape.length - 1] ?? 1;
const kernelArea = (size: number | number[]) => (Array.isArray(size) ? size[0] * size[1] : size * size);

function inputShapeOf(layer: tf.layers.Layer): Shape {
  const input = layer.input as tf.SymbolicTensor | tf.SymbolicTensor[];
  return (Array.isArray(input) ? input[0] : input).shape;
}

/** FLOPs of one layer's forward pass for one image (0 for layers that only move data). */
export function layerFlops(layer: tf.layers.Layer): number {
  const out = layer.outputShape as Shape;
  const config = layer.getConfig() as Record<string, unknown>;
  const outElements = prod(out.slice(1));
  switch (layer.getClassName()) {
    case 'Conv2D': {
      const k = kernelArea(config.kernelSize as number | number[]);
      const cin = channels(inputShapeOf(layer));
      return spatial(out) * channels(out) * (2 * k * cin + (config.useBias ? 1 : 0));
    }
    case 'GroupedConv2D': {
      const k = kernelArea(config.kernelSize as number);
      const cin = channels(inputShapeOf(layer)) / (config.groups as number);
      return spatial(out) * channels(out) * (2 * k * cin + (config.useBias ? 1 : 0));
    }
    case 'DepthwiseConv2D':
      return (
        outElements * (2 * kernelArea(config.kernelSize as number | number[]) + (config.useBias ? 1 : 0))
      );
    case 'SeparableConv2D': {
      const cin = channels(inputShapeOf(layer));
      const mult = (config.depthMultiplier as number | undefined) ?? 1;
      const depthwise = spatial(out) * cin * mult * 2 * kernelArea(config.kernelSize as number | number[]);
      return (
        depthwise + spatial(out) * (2 * cin * mult * channels(out) + (config.useBias ? channels(out) : 0))
      );
    }
    case 'DilatedDepthwiseConv': {
      const taps = ((config.kernel as number) - 1) * (config.dilation as number) + 1;
      return outElements * 2 * taps * taps;
    }
    case 'Dense': {
      const units = config.units as number;
      return 2 * channels(inputShapeOf(layer)) * units + units;
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return outElements * kernelArea(config.poolSize as number | number[]);
    case 'GlobalAveragePooling2D':
      return prod(inputShapeOf(layer).slice(1));
    case 'BatchNormalization':
      return 4 * outElements;
    case 'ReLU':
    case 'Activation':
      return outElements;
    case 'Add': {
      const inputs = layer.input as tf.SymbolicTensor[];
      return (inputs.length - 1) * outElements;
    }
    default:
      return 0;
  }
}

export interface ModelFlops {
  /** Forward pass, one image. */
  forwardPerImage: number;
  /** One training step (forward + backward ≈ 3 × forward), one image. */
  trainPerImage: number;
  /** Per layer, forward, one image. */
  layers: { name: string; className: string; flops: number }[];
}

export function modelFlops(model: tf.LayersModel): ModelFlops {
  const layers = model.layers.map((l) => ({
    name: l.name,
    className: l.getClassName(),
    flops: layerFlops(l),
  }));
  const forwardPerImage = layers.reduce((sum, l) => sum + l.flops, 0);
  return { forwardPerImage, trainPerImage: 3 * forwardPerImage, layers };
}

/** Achieved GFLOP/s for a measured throughput (images per second). */
export function achievedGflops(flopsPerImage: number, imagesPerSecond: number): number {
  return (flopsPerImage * imagesPerSecond) / 1e9;
}
