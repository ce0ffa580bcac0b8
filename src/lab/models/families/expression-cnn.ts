/**
 * The facial-expression CNN of the compression study (Stoychev & Gunes 2022): 4 conv blocks
 * (Conv 3×3 → BN → ReLU → MaxPool 2×2 → Dropout) and 2 dense layers. Filters 32, 64, 128, 256
 * are scaled by `width`.
 */
import type { LayerSpec, ModelConfig } from '../config';

export interface ExpressionCnnParams {
  width: number;
  /** Dropout after each conv block; the dense layer's dropout is twice this (at most 0.5). */
  dropout: number;
  dense: number;
}

export const DEFAULT_EXPRESSION_CNN: ExpressionCnnParams = { width: 0.5, dropout: 0.25, dense: 128 };

export function expressionCnn(
  params: ExpressionCnnParams,
  input: ModelConfig['input'],
  numClasses: number,
): ModelConfig {
  if (!(params.width > 0)) throw new Error(`width must be > 0 (got ${params.width})`);
  if (!(params.dropout >= 0 && params.dropout < 1))
    throw new Error(`dropout must be in [0, 1) (got ${params.dropout})`);
  if (input.size < 16)
    throw new Error(`the expression CNN pools 4 times: images must be ≥ 16 px (got ${input.size})`);
  const block = (filters: number): LayerSpec[] => [
    { type: 'conv2d', filters: Math.max(1, Math.round(filters * params.width)), kernel: 3 },
    { type: 'batchNorm' },
    { type: 'relu' },
    { type: 'maxPool', size: 2 },
    { type: 'dropout', rate: params.dropout },
  ];
  return {
    name: 'expression-cnn',
    input,
    numClasses,
    layers: [
      ...[32, 64, 128, 256].flatMap(block),
      { type: 'flatten' },
      { type: 'dense', units: params.dense, activation: 'relu' },
      { type: 'dropout', rate: Math.min(0.5, 2 * params.dropout) },
    ],
    family: { name: 'expression-cnn', params: { ...params } },
  };
}
