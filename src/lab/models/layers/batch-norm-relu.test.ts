import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { readyBackends, randomValues } from '../../backend/wasm-training/test-helpers';
import { createOptimizer } from '../../train/optimizers/create';
import { createTrainStep } from '../../train/step';
import { buildModel, buildTrainable } from '../build';
import { referenceCnn } from '../families/classic';
import { DEFAULT_FRNAS_DPN, frnasDpn } from '../families/frnas-dpn';
import type { ModelConfig } from '../config';
import { foldBatchNormRelus } from './batch-norm-relu';

beforeAll(readyBackends);

/** A few SGD steps on wasm: the losses, every weight afterwards and the kernels of the last step. */
async function train(config: ModelConfig, fold: boolean) {
  await tf.setBackend('wasm');
  const trainable = buildTrainable(config, { foldBatchNormRelus: fold });
  const size = config.input.size;
  const x = tf.tensor(randomValues(6 * size * size * 3, 5), [6, size, size, 3]) as tf.Tensor4D;
  const labels = tf.tensor1d([0, 1, 2, 3, 1, 2], 'int32');
  const optimizer = createOptimizer(
    { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
    trainable.variables(),
  );
  const step = createTrainStep(trainable, optimizer);
  const losses: number[] = [];
  for (let i = 0; i < 2; i++) losses.push((await step({ x, labels }, 0.05)).loss);
  const profile = await tf.profile(async () => void losses.push((await step({ x, labels }, 0.05)).loss));
  const weights = trainable.model.weights.map((w) => w.read().dataSync() as Float32Array);
  const logits = trainable.model.predict(x) as tf.Tensor;
  const inference = logits.dataSync() as Float32Array;
  optimizer.dispose();
  trainable.dispose();
  tf.dispose([x, labels, logits]);
  return { losses, weights, inference, kernels: profile.kernels.map((k) => k.name) };
}

it('folds each ReLU that alone reads a batch norm, and only those', async () => {
  await tf.setBackend('wasm');
  const unfolded = buildModel({ ...referenceCnn(16, 3, 4), seed: 1 }, { foldBatchNormRelus: false });
  expect(foldBatchNormRelus(unfolded)).toBe(3);
  // A batch norm that is the model's output, or read by two layers, keeps its ReLU.
  const input = tf.input({ shape: [4, 4, 2] });
  const bn = tf.layers.batchNormalization().apply(input) as tf.SymbolicTensor;
  const relu = tf.layers.reLU().apply(bn) as tf.SymbolicTensor;
  const twoReaders = tf.model({
    inputs: input,
    outputs: tf.layers.add().apply([relu, bn]) as tf.SymbolicTensor,
  });
  expect(foldBatchNormRelus(twoReaders)).toBe(0);
  expect(foldBatchNormRelus(tf.model({ inputs: input, outputs: [relu, bn] }))).toBe(0);
  const capped = tf.layers.reLU({ maxValue: 6 }).apply(bn) as tf.SymbolicTensor;
  expect(foldBatchNormRelus(tf.model({ inputs: input, outputs: capped }))).toBe(0);
  unfolded.dispose();
  twoReaders.dispose();
});

it.each([
  ['the reference CNN', { ...referenceCnn(16, 3, 4), seed: 2 }],
  [
    'the FR-NAS DPN',
    {
      ...frnasDpn({ ...DEFAULT_FRNAS_DPN, edges: '680', smallStem: true }, { size: 16, channels: 3 }, 4),
      seed: 2,
    },
  ],
] as [string, ModelConfig][])(
  '%s trains with the folded ReLUs exactly as without them',
  async (_name, config) => {
    const [folded, plain] = [await train(config, true), await train(config, false)];
    expect(folded.losses).toEqual(plain.losses);
    expect(folded.weights).toEqual(plain.weights);
    expect(folded.inference).toEqual(plain.inference);
    expect(folded.losses[2]).toBeLessThan(folded.losses[0]);
    const count = (kernels: string[], name: string) => kernels.filter((k) => k === name).length;
    expect(count(folded.kernels, 'Relu')).toBeLessThan(count(plain.kernels, 'Relu'));
    expect(count(folded.kernels, 'LabReluGrad')).toBeLessThan(count(plain.kernels, 'LabReluGrad'));
    // The reference CNN's two 2×2 pools and its global average pool fold into their batch
    // norms; the DPN's 3×3 pool, and its average after an ELU, stay.
    const pools = config.name === 'reference-cnn' ? 2 : 0;
    for (const name of ['MaxPool', 'MaxPoolGrad'])
      expect(count(plain.kernels, name) - count(folded.kernels, name)).toBe(pools);
    expect(count(plain.kernels, 'Mean') - count(folded.kernels, 'Mean')).toBe(pools / 2);
  },
);
