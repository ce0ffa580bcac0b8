import * as tf from '@tensorflow/tfjs';
import type { ActivationName, Conv2dSpec, LayerSpec } from '../config';
import { batchNormalization } from '../layers/batch-norm';
import { conv2d } from '../layers/conv2d';
import { dropout } from '../layers/dropout';
import { GroupedConv2D } from '../layers/grouped-conv2d';
import { registerBlock, type BuildContext } from './registry';

type Spec<T extends LayerSpec['type']> = Extract<LayerSpec, { type: T }>;
type T = tf.SymbolicTensor;

export const apply = (layer: tf.layers.Layer, x: T | T[]) => layer.apply(x) as T;
const glorot = (seed: number | undefined) => tf.initializers.glorotUniform({ seed });

/** PyTorch's BatchNorm2d defaults (momentum 0.1 there is 0.9 here); FR-NAS uses epsilon 0.001. */
export function batchNorm(x: T, ctx: BuildContext, epsilon = 1e-5): T {
  return apply(batchNormalization({ name: ctx.name('bn'), momentum: 0.9, epsilon }), x);
}

/** A conv layer: stock Conv2D, or the lab's GroupedConv2D when `groups` > 1. */
export function convLayer(x: T, s: Omit<Conv2dSpec, 'type'>, ctx: BuildContext, prefix = 'conv'): T {
  const groups = s.groups ?? 1;
  const common = {
    name: ctx.name(groups > 1 ? `${prefix}_g` : prefix),
    filters: s.filters,
    strides: s.stride ?? 1,
    padding: s.padding ?? 'same',
    useBias: s.useBias ?? true,
  };
  if (groups > 1) {
    return apply(new GroupedConv2D({ ...common, kernelSize: s.kernel, groups, seed: ctx.nextSeed() }), x);
  }
  return apply(conv2d({ ...common, kernelSize: s.kernel, kernelInitializer: glorot(ctx.nextSeed()) }), x);
}

export function activation(x: T, fn: ActivationName, ctx: BuildContext): T {
  switch (fn) {
    case 'relu':
      return apply(tf.layers.reLU({ name: ctx.name('relu') }), x);
    case 'prelu':
      return apply(tf.layers.prelu({ name: ctx.name('prelu'), sharedAxes: [1, 2] }), x);
    case 'elu':
      return apply(tf.layers.elu({ name: ctx.name('elu') }), x);
    case 'gelu':
      return apply(tf.layers.activation({ name: ctx.name('gelu'), activation: 'gelu' }), x);
    case 'silu':
      return apply(tf.layers.activation({ name: ctx.name('silu'), activation: 'swish' }), x);
  }
}

registerBlock<Spec<'conv2d'>>('conv2d', (x, s, ctx) => convLayer(x, s, ctx));
registerBlock<Spec<'batchNorm'>>('batchNorm', (x, s, ctx) => batchNorm(x, ctx, s.epsilon));
registerBlock<Spec<'layerNorm'>>('layerNorm', (x, _s, ctx) =>
  apply(tf.layers.layerNormalization({ name: ctx.name('ln'), axis: -1 }), x),
);
registerBlock<Spec<'relu'>>('relu', (x, _s, ctx) => activation(x, 'relu', ctx));
registerBlock<Spec<'activation'>>('activation', (x, s, ctx) => activation(x, s.fn, ctx));
registerBlock<Spec<'maxPool'>>('maxPool', (x, s, ctx) =>
  apply(
    tf.layers.maxPooling2d({
      name: ctx.name('maxpool'),
      poolSize: s.size,
      strides: s.stride ?? s.size,
      padding: s.padding ?? 'valid',
    }),
    x,
  ),
);
registerBlock<Spec<'avgPool'>>('avgPool', (x, s, ctx) =>
  apply(
    tf.layers.averagePooling2d({ name: ctx.name('avgpool'), poolSize: s.size, strides: s.stride ?? s.size }),
    x,
  ),
);
registerBlock<Spec<'globalAvgPool'>>('globalAvgPool', (x, _s, ctx) =>
  apply(tf.layers.globalAveragePooling2d({ name: ctx.name('gap') }), x),
);
registerBlock<Spec<'flatten'>>('flatten', (x, _s, ctx) =>
  apply(tf.layers.flatten({ name: ctx.name('flatten') }), x),
);
registerBlock<Spec<'dense'>>('dense', (x, s, ctx) =>
  apply(
    tf.layers.dense({
      name: ctx.name('dense'),
      units: s.units,
      activation: s.activation ?? 'linear',
      kernelInitializer: glorot(ctx.nextSeed()),
    }),
    x,
  ),
);
registerBlock<Spec<'dropout'>>('dropout', (x, s, ctx) =>
  apply(dropout({ name: ctx.name('dropout'), rate: s.rate, seed: ctx.nextSeed() }), x),
);
