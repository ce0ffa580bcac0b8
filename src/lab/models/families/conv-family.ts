/**
 * The generic conv family: `depth` conv blocks (conv → norm → activation, optional residual),
 * the filters doubling and the resolution halving every second block, then global average pooling.
 */
import type { ActivationName, ConvBlockSpec, LayerSpec, ModelConfig } from '../config';

export interface ConvFamilyParams {
  depth: number;
  width: number;
  kernel: number;
  norm: ConvBlockSpec['norm'];
  activation: ActivationName;
  residual: boolean;
}

export const DEFAULT_CONV_FAMILY: ConvFamilyParams = {
  depth: 4,
  width: 16,
  kernel: 3,
  norm: 'batch',
  activation: 'relu',
  residual: true,
};

export function convFamily(
  params: ConvFamilyParams,
  input: ModelConfig['input'],
  numClasses: number,
): ModelConfig {
  const { depth, width, kernel } = params;
  if (!Number.isInteger(depth) || depth < 1 || depth > 12)
    throw new Error(`depth must be 1–12 (got ${depth})`);
  if (!Number.isInteger(width) || width < 1)
    throw new Error(`width must be a positive integer (got ${width})`);
  if (![1, 3, 5, 7].includes(kernel)) throw new Error(`kernel must be 1, 3, 5 or 7 (got ${kernel})`);
  const blocks: LayerSpec[] = Array.from({ length: depth }, (_, i) => ({
    type: 'convBlock',
    filters: width * 2 ** Math.floor(i / 2),
    kernel,
    stride: i % 2 === 1 ? 2 : 1,
    norm: params.norm,
    activation: params.activation,
    residual: params.residual,
  }));
  return {
    name: `conv-${depth}x${width}`,
    input,
    numClasses,
    layers: [...blocks, { type: 'globalAvgPool' }],
    family: { name: 'conv', params: { ...params } },
  };
}
