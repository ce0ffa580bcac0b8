import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../util/rng';
import type { ModelConfig } from './config';
import { blockBuilder, type BuildContext } from './blocks/registry';
import { createHead } from './heads/create';
import { isMarginHead } from './heads/spec';
import { foldBatchNormRelus } from './layers/batch-norm-relu';
import type { TrainingHead } from './heads/training-head';
import './blocks/basic';
import './blocks/conv-block';
import './blocks/darts-cell';
import './blocks/dual-path-block';

export const LOGITS_LAYER = 'logits';
export const EMBEDDING_LAYER = 'embedding';

/** A model being trained: the LayersModel (image → embedding, or → logits for softmax) and its head. */
export interface TrainableModel {
  model: tf.LayersModel;
  head: TrainingHead;
  /** Trainable variables of model and head, by checkpoint name. */
  variables(): Record<string, tf.Variable>;
  dispose(): void;
}

export interface BuildOptions {
  /** Fold each ReLU after a batch norm into its training kernel (`layers/batch-norm-relu.ts`); default true. */
  foldBatchNormRelus?: boolean;
}

/**
 * Builds the config's LayersModel: the backbone's blocks, flattened, then a dense `embedding`
 * layer when `config.embedding` is set, then — for the softmax head — a dense `logits` layer.
 * A margin head's model ends at the embedding (its class weights live in the head).
 */
export function buildModel(config: ModelConfig, options: BuildOptions = {}): tf.LayersModel {
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
  const dense = (name: string, units: number) =>
    tf.layers
      .dense({ name, units, kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.nextSeed() }) })
      .apply(x) as tf.SymbolicTensor;
  if (config.embedding !== undefined) x = dense(EMBEDDING_LAYER, config.embedding);
  if (!isMarginHead(config.head)) x = dense(LOGITS_LAYER, config.numClasses);
  const model = tf.model({ inputs: input, outputs: x, name: config.name });
  if (options.foldBatchNormRelus !== false) foldBatchNormRelus(model);
  return model;
}

/** The model and its head, ready for the training step. */
export function buildTrainable(config: ModelConfig, options: BuildOptions = {}): TrainableModel {
  const model = buildModel(config, options);
  const width = model.outputs[0].shape[1] as number;
  const headSeed = config.seed === undefined ? undefined : deriveSeed(config.seed, 'head');
  const head = createHead(config.head ?? { kind: 'softmax' }, width, config.numClasses, headSeed);
  return {
    model,
    head,
    variables: () => ({
      ...Object.fromEntries(model.trainableWeights.map((w) => [w.originalName, w.read() as tf.Variable])),
      ...head.variables,
    }),
    dispose: () => {
      model.dispose();
      head.dispose();
    },
  };
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
  if (config.embedding !== undefined && (!Number.isInteger(config.embedding) || config.embedding < 2))
    throw new Error(`The embedding size must be an integer ≥ 2 (got ${config.embedding})`);
}
