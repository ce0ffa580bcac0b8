import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../config';
import { batchNormalization } from '../layers/batch-norm';
import { conv2d } from '../layers/conv2d';
import { registerBlock } from './registry';

type Spec<T extends LayerSpec['type']> = Extract<LayerSpec, { type: T }>;

const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor) => layer.apply(x) as tf.SymbolicTensor;
const glorot = (seed: number | undefined) => tf.initializers.glorotUniform({ seed });

registerBlock<Spec<'conv2d'>>('conv2d', (x, s, ctx) =>
  apply(
    conv2d({
      name: ctx.name('conv'),
      filters: s.filters,
      kernelSize: s.kernel,
      strides: s.stride ?? 1,
      padding: s.padding ?? 'same',
      useBias: s.useBias ?? true,
      kernelInitializer: glorot(ctx.nextSeed()),
    }),
    x,
  ),
);
registerBlock<Spec<'batchNorm'>>('batchNorm', (x, _s, ctx) =>
  apply(batchNormalization({ name: ctx.name('bn'), momentum: 0.9, epsilon: 1e-5 }), x),
);
registerBlock<Spec<'relu'>>('relu', (x, _s, ctx) => apply(tf.layers.reLU({ name: ctx.name('relu') }), x));
registerBlock<Spec<'maxPool'>>('maxPool', (x, s, ctx) =>
  apply(
    tf.layers.maxPooling2d({ name: ctx.name('maxpool'), poolSize: s.size, strides: s.stride ?? s.size }),
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
  apply(tf.layers.dropout({ name: ctx.name('dropout'), rate: s.rate, seed: ctx.nextSeed() }), x),
);
