import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../util/rng';
import type { ModelConfig } from './config';
import { blockBuilder, type BuildContext } from './blocks/registry';
import './blocks/basic';
import './blocks/dpn-cell';

export const LOGITS_LAYER = 'logits';

/** Builds a tf.LayersModel from a JSON config. Output: class logits named `logits`. */
export function buildModel(config: ModelConfig): tf.LayersModel {
  validateModelConfig(config);
  const counts = new Map<string, number>();
  let seedIndex = 0;
  const ctx: BuildContext = {
    nextSeed: () => (config.seed === undefined ? undefined : deriveSeed(config.seed, seedIndex++)),
    name: (prefix) => {
      const n = (counts.get(prefix) ?? 0) + 1;
      counts.set(prefix, n);
      return `${prefix}_${n}`;
    },
  };
  const input = tf.input({
    shape: [config.input.size, config.input.size, config.input.channels],
    name: 'image',
  });
  let x = input;
  for (const spec of config.layers) x = blockBuilder(spec.type)(x, spec, ctx);
  if (x.shape.length > 2) x = tf.layers.flatten({ name: ctx.name('flatten') }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({
      name: LOGITS_LAYER,
      units: config.numClasses,
      kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.nextSeed() }),
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: config.name });
}

export function validateModelConfig(config: ModelConfig): void {
  const { size, channels } = config.input;
  if (!Number.isInteger(size) || size < 8 || size > 512)
    throw new Error(`Model input size must be 8–512 (got ${size})`);
  if (channels !== 1 && channels !== 3)
    throw new Error(`Model input channels must be 1 or 3 (got ${channels})`);
  if (!Number.isInteger(config.numClasses) || config.numClasses < 2) {
    throw new Error(`A classifier needs at least 2 classes (got ${config.numClasses})`);
  }
}
