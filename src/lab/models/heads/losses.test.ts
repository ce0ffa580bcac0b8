import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../../test-support/backend';
import { crossEntropyPerSample } from './losses';

describe('cross-entropy per sample', () => {
  beforeAll(useCpuBackend);

  const logits = () =>
    tf.tensor2d([
      [2, -1, 0.5, 3],
      [-4, 0, 1, 1],
      [90, 100, -50, 0], // large: the softmax must not overflow
    ]);
  const labels = () => tf.tensor1d([3, 0, 1], 'int32');
  const weights = () => tf.tensor1d([1, 0.5, 2]);

  it('is logsumexp − the label logit', () => {
    const ce = crossEntropyPerSample(logits(), labels()).arraySync();
    const rows = logits().arraySync();
    rows.forEach((row, i) => {
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      expect(ce[i]).toBeCloseTo(lse - row[[3, 0, 1][i]], 4);
    });
  });

  it('has the gradient dy·(softmax − one-hot), equal to the taped formula’s', () => {
    const loss = (l: tf.Tensor) =>
      tf.sum(tf.mul(crossEntropyPerSample(l as tf.Tensor2D, labels()), weights()));
    const taped = (l: tf.Tensor) =>
      tf.sum(tf.mul(tf.sub(tf.logSumExp(l, 1), tf.sum(tf.mul(tf.oneHot(labels(), 4), l), 1)), weights()));
    const flat = (t: tf.Tensor) => Array.from(t.dataSync());
    const got = flat(tf.grad(loss)(logits()));
    const want = flat(
      tf.mul(tf.expandDims(weights(), 1), tf.sub(tf.softmax(logits()), tf.oneHot(labels(), 4))),
    );
    const reference = flat(tf.grad(taped)(logits()));
    expect(got.every(Number.isFinite)).toBe(true);
    for (const other of [want, reference]) got.forEach((v, i) => expect(v).toBeCloseTo(other[i], 5));
  });
});
