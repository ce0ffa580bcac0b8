import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_BATCH_NORM_TRAIN, LAB_CONV2D_BIAS } from '../lab-kernels';
import { pick, randomValues, readyBackends, relativeError, runOn } from './test-helpers';

const TOL = 2e-5;
const EPSILON = 1e-3;

beforeAll(readyBackends);

/**
 * Outputs and gradients of Σ r·y + Σ s·mean + Σ t·variance, by tfjs's ops (cpu) or the lab kernel
 * (wasm); with `relu`, of relu(y): the kernel's folded ReLU ('folded') or tf.relu after it ('after');
 * of the 2×2 stride-2 max pool of relu(y): folded into the kernel ('pooled') or tf.maxPool after
 * the folded ReLU ('pool-after'); of its global average: folded ('averaged') or tf.mean after the
 * folded ReLU ('average-after').
 */
function batchNormTrainCase(
  shape: number[],
  seed: number,
  lab: boolean,
  relu?: 'folded' | 'after' | 'pooled' | 'pool-after' | 'averaged' | 'average-after',
): () => tf.Tensor[] {
  const pooled = relu === 'pooled' || relu === 'pool-after';
  const averaged = relu === 'averaged' || relu === 'average-after';
  const [n, h, w, c] = shape;
  const yShape = pooled ? [n, Math.floor(h / 2), Math.floor(w / 2), c] : averaged ? [n, c] : shape;
  const pool: tf.NamedAttrMap =
    relu === 'pooled' ? { pool: 'max2x2' } : relu === 'averaged' ? { pool: 'mean' } : {};
  const channels = shape[shape.length - 1];
  return () => {
    const x = tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);
    const gamma = tf.add(tf.tensor(randomValues(channels, seed + 1)), 1.5);
    const beta = tf.tensor(randomValues(channels, seed + 2));
    const r = tf.tensor(randomValues(tf.util.sizeFromShape(yShape), seed + 3), yShape);
    const s = tf.tensor(randomValues(channels, seed + 4));
    const t = tf.tensor(randomValues(channels, seed + 5));
    const forward = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor[] => {
      if (lab) {
        const [y, ...stats] = tf
          .engine()
          .runKernel(
            LAB_BATCH_NORM_TRAIN,
            { x: a, gamma: g, beta: b },
            { epsilon: EPSILON, relu: relu !== undefined && relu !== 'after', ...pool },
          ) as unknown as tf.Tensor[];
        if (relu === 'pool-after') return [tf.maxPool(y as tf.Tensor4D, 2, 2, 'valid'), ...stats];
        if (relu === 'average-after') return [tf.mean(y, [1, 2]), ...stats];
        return [relu === 'after' ? tf.relu(y) : y, ...stats];
      }
      const axes = shape.slice(0, -1).map((_, i) => i);
      const { mean, variance } = tf.moments(a, axes);
      return [tf.batchNorm(a, mean, variance, b, g, EPSILON), mean, variance];
    };
    const objective = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const [y, mean, variance] = forward(a, g, b);
      return tf.addN([tf.sum(tf.mul(y, r)), tf.sum(tf.mul(mean, s)), tf.sum(tf.mul(variance, t))]);
    };
    return [...forward(x, gamma, beta), ...tf.grads(objective)([x, gamma, beta])];
  };
}

describe('the lab fused training kernels equal tfjs ops on cpu', () => {
  it('LabBatchNormTrain: y, mean, biased variance and the gradients of all three (random shapes)', async () => {
    // On the SIMD loops: any channel count, odd ones as groups of 2 or 4 rows with the last
    // rows in JS; fewer rows than a group: the JS loops alone.
    const shapes = [
      ...[3, 4, 5, 8, 16, 1, 12].map((channels, s) => [
        pick(1, 4, s),
        pick(1, 6, s + 10),
        pick(1, 6, s + 20),
        channels,
      ]),
      [3, 5, 7, 10],
      [2, 3, 3, 26],
      [1, 1, 3, 6],
      [1, 1, 1, 3],
    ];
    for (const [s, shape] of shapes.entries()) {
      const cpu = await runOn('cpu', batchNormTrainCase(shape, s * 7, false));
      const wasm = await runOn('wasm', batchNormTrainCase(shape, s * 7, true));
      expect(wasm).toHaveLength(6);
      for (let i = 0; i < cpu.length; i++) expect(relativeError(cpu[i], wasm[i])).toBeLessThan(TOL);
    }
  });

  it('LabBatchNormTrain with its ReLU folded in equals tf.relu after it, outputs and gradients bit for bit', async () => {
    const shapes = [
      [4, 8, 8, 16],
      [2, 5, 3, 6],
      [3, 3, 3, 5],
      [1, 1, 3, 6],
      [1, 1, 1, 3],
    ];
    for (const [s, shape] of shapes.entries()) {
      const folded = await runOn('wasm', batchNormTrainCase(shape, s * 5 + 100, true, 'folded'));
      const after = await runOn('wasm', batchNormTrainCase(shape, s * 5 + 100, true, 'after'));
      expect(folded).toHaveLength(6);
      for (let i = 0; i < folded.length; i++) expect(folded[i], `${shape} output ${i}`).toEqual(after[i]);
      expect(folded[0].some((v) => v === 0)).toBe(true);
    }
  });

  it('LabBatchNormTrain with its ReLU and a 2×2 max pool folded in equals tf.maxPool after the ReLU, bit for bit', async () => {
    // Windows tiling x with 4k channels on the pooled SIMD loops; odd sizes and other channel
    // counts through the full-size tensors.
    const shapes = [
      [4, 8, 8, 16],
      [2, 6, 4, 8],
      [1, 2, 2, 4],
      [3, 5, 7, 8],
      [2, 4, 4, 6],
      [2, 3, 3, 3],
    ];
    let emptyWindows = 0;
    for (const [s, shape] of shapes.entries()) {
      const folded = await runOn('wasm', batchNormTrainCase(shape, s * 5 + 200, true, 'pooled'));
      const after = await runOn('wasm', batchNormTrainCase(shape, s * 5 + 200, true, 'pool-after'));
      expect(folded).toHaveLength(6);
      for (let i = 0; i < folded.length; i++) expect(folded[i], `${shape} output ${i}`).toEqual(after[i]);
      emptyWindows += folded[0].filter((v) => v === 0).length;
    }
    // Some windows are all below zero: their gradient goes nowhere.
    expect(emptyWindows).toBeGreaterThan(10);
  });

  it('LabBatchNormTrain with its ReLU and a global average pool folded in equals tf.mean after the ReLU, bit for bit', async () => {
    // 4k channels on the averaged SIMD loops (positions summed in order, as the lab's Mean does).
    const shapes = [
      [4, 8, 8, 16],
      [3, 5, 7, 8],
      [2, 1, 2, 4],
      [1, 3, 3, 64],
    ];
    for (const [s, shape] of shapes.entries()) {
      const folded = await runOn('wasm', batchNormTrainCase(shape, s * 5 + 300, true, 'averaged'));
      const after = await runOn('wasm', batchNormTrainCase(shape, s * 5 + 300, true, 'average-after'));
      expect(folded).toHaveLength(6);
      for (let i = 0; i < folded.length; i++) expect(folded[i], `${shape} output ${i}`).toEqual(after[i]);
    }
  });

  it('LabBatchNormTrain with the moving statistics also returns them updated as tfjs-layers does', async () => {
    const [shape, momentum] = [[2, 3, 3, 6], 0.9];
    const outputs = await runOn('wasm', () => {
      const x = tf.tensor(randomValues(tf.util.sizeFromShape(shape), 41), shape);
      const [gamma, beta, movingMean, movingVariance] = [42, 43, 44, 45].map((seed, i) =>
        tf.add(tf.tensor(randomValues(6, seed)), i === 3 ? 2 : 0),
      );
      const inputs = { x, gamma, beta, movingMean, movingVariance };
      const run = (withMoving: boolean) =>
        tf.engine().runKernel(LAB_BATCH_NORM_TRAIN, withMoving ? inputs : { x, gamma, beta }, {
          epsilon: EPSILON,
          ...(withMoving ? { momentum } : {}),
        }) as unknown as tf.Tensor[];
      const dx = (withMoving: boolean) =>
        tf.grad((a: tf.Tensor) => tf.sum(tf.square(run(withMoving)[0].add(a))))(x);
      return [...run(true), movingMean, movingVariance, dx(true), dx(false)];
    });
    const [, mean, variance, movedMean, movedVariance, oldMean, oldVariance, dxWith, dxWithout] = outputs;
    const expected = (old: Float32Array, value: Float32Array) =>
      old.map((m, c) => m - (m - value[c]) * (1 - momentum));
    expect(relativeError(expected(oldMean, mean), movedMean)).toBeLessThan(1e-6);
    expect(relativeError(expected(oldVariance, variance), movedVariance)).toBeLessThan(1e-6);
    expect(relativeError(dxWithout, dxWith)).toBe(0);
  });

  it('LabConv2DBias: output and gradients equal conv2d + bias, for strides and paddings', async () => {
    for (let s = 0; s < 6; s++) {
      const k = pick(1, 4, s);
      const stride = pick(1, 2, s + 5);
      const pad = s % 2 === 0 ? 'same' : 'valid';
      const xShape = [pick(1, 3, s + 1), pick(k + 1, 9, s + 2), pick(k + 1, 9, s + 3), pick(1, 4, s + 4)];
      const fShape = [k, k, xShape[3], pick(1, 5, s + 6)];
      const run = (lab: boolean) => () => {
        const x = tf.tensor(randomValues(tf.util.sizeFromShape(xShape), s), xShape);
        const f = tf.tensor(randomValues(tf.util.sizeFromShape(fShape), s + 1), fShape);
        const b = tf.tensor(randomValues(fShape[3], s + 2));
        const conv = (a: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
          lab
            ? (tf
                .engine()
                .runKernel(
                  LAB_CONV2D_BIAS,
                  { x: a, filter: w, bias: c },
                  { strides: [stride, stride], pad, dataFormat: 'NHWC', dilations: [1, 1] },
                ) as tf.Tensor)
            : tf.add(tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, stride, pad), c);
        const y = conv(x, f, b);
        const r = tf.tensor(randomValues(y.size, s + 3), y.shape);
        return [
          y,
          ...tf.grads((a: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(conv(a, w, c), r)))([
            x,
            f,
            b,
          ]),
        ];
      };
      const cpu = await runOn('cpu', run(false));
      const wasm = await runOn('wasm', run(true));
      for (let i = 0; i < cpu.length; i++) expect(relativeError(cpu[i], wasm[i])).toBeLessThan(TOL);
    }
  });

  it('LabConv2DBias computes no input gradient when its input needs none', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(randomValues(2 * 6 * 6 * 3, 9), [2, 6, 6, 3]);
    const f = tf.variable(tf.tensor(randomValues(3 * 3 * 3 * 4, 10), [3, 3, 3, 4]));
    const b = tf.variable(tf.zeros([4]));
    const kernelsRun = async (useInputGrad: boolean) => {
      const profile = await tf.profile(() => {
        const loss = () =>
          tf.sum(
            tf
              .engine()
              .runKernel(
                LAB_CONV2D_BIAS,
                { x: useInputGrad ? tf.mul(f.sum(), x) : x, filter: f, bias: b },
                { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] },
              ) as tf.Tensor,
          ) as tf.Scalar;
        tf.dispose(tf.variableGrads(loss, [f, b]).grads);
      });
      return profile.kernels.map((k) => k.name);
    };
    expect(await kernelsRun(false)).not.toContain('Conv2DBackpropInput');
    expect(await kernelsRun(true)).toContain('Conv2DBackpropInput');
    tf.dispose([x, f, b]);
  });
});
