import * as tf from '@tensorflow/tfjs';
import type { ConvBlockSpec } from '../config';
import { activation, apply, batchNorm, convLayer } from './basic';
import { registerBlock } from './registry';

/** The generic conv family's block: conv → norm → activation, plus the input when `residual`. */
registerBlock<ConvBlockSpec>('convBlock', (x, s, ctx) => {
  const stride = s.stride ?? 1;
  let y = convLayer(x, { filters: s.filters, kernel: s.kernel, stride, useBias: s.norm === 'none' }, ctx);
  if (s.norm === 'batch') y = batchNorm(y, ctx);
  if (s.norm === 'layer') y = apply(tf.layers.layerNormalization({ name: ctx.name('ln'), axis: -1 }), y);
  y = activation(y, s.activation, ctx);
  if (!s.residual) return y;
  const cin = x.shape[x.shape.length - 1];
  const shortcut =
    stride === 1 && cin === s.filters
      ? x
      : convLayer(x, { filters: s.filters, kernel: 1, stride, useBias: false }, ctx, 'shortcut');
  return apply(tf.layers.add({ name: ctx.name('residual') }), [y, shortcut]);
});
