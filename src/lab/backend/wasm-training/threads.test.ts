import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeWasmThreadsHost } from '../../../cli/node-wasm-threads';
import { buildModel, buildTrainable } from '../../models/build';
import { LAB_BATCH_NORM_TRAIN, LAB_CONV2D_BIAS } from '../lab-kernels';
import { referenceCnn } from '../../models/families/classic';
import { createOptimizer } from '../../train/optimizers/create';
import { createTrainStep } from '../../train/step';
import { configureWasm, wasmThreading } from '../wasm';
import { registerWasmTrainingKernels } from './register';
import { loopPoolStats, setLoopThreads } from './simd/pool';
import { randomValues, relativeError } from './test-helpers';
import { startLoopThreads } from './wasm-heap';

/**
 * The threaded build (2 threads: XNNPACK's pool and the lab's SIMD helpers) against itself with
 * every lab loop on one thread. Passes that split rows or tiles give the same bits; reductions
 * add their per-thread float64 sums, so they agree to float tolerance.
 */

beforeAll(async () => {
  configureWasm(undefined, { threads: 2, host: nodeWasmThreadsHost() });
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
  await startLoopThreads(tf.backend() as BackendWasm);
});

afterEach(() => setLoopThreads({}));

/** Runs `fn` with the lab's loops on one thread, then on two (every pass split), and returns both outputs. */
function singleAndThreaded(fn: () => tf.Tensor[]): [Float32Array[], Float32Array[], number] {
  const run = () => {
    const outs = tf.tidy(fn);
    const values = outs.map((t) => t.dataSync() as Float32Array);
    tf.dispose(outs);
    return values;
  };
  setLoopThreads({ limit: 1 });
  const single = run();
  setLoopThreads({ minPartWork: 1 });
  const before = loopPoolStats.parallelRuns;
  const threaded = run();
  return [single, threaded, loopPoolStats.parallelRuns - before];
}

const tensor = (shape: number[], seed: number) =>
  tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);

describe('the threaded wasm build', () => {
  it('starts XNNPACK and the lab loops on 2 threads', () => {
    expect(getThreadsCount()).toBe(2);
    expect(wasmThreading()).toEqual({ threads: 2 });
  });

  it('filter-gradient tiles and 2×2 max-pool gradients split across threads give the same bits', () => {
    const x = tensor([3, 9, 8, 5], 1);
    const dy = tensor([3, 9, 8, 12], 2);
    const p = tensor([4, 6, 8, 8], 3);
    const [single, threaded, parallel] = singleAndThreaded(() => [
      tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'), dy)))(
        tensor([3, 3, 5, 12], 8),
      ),
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), 1.5)))(p),
    ]);
    expect(parallel).toBeGreaterThanOrEqual(2);
    threaded.forEach((t, i) => expect(Array.from(t)).toEqual(Array.from(single[i])));
  });

  it('batch-norm passes split across threads: elementwise the same, reductions to float tolerance', () => {
    const x = tensor([5, 7, 6, 8], 4);
    const gamma = tensor([8], 5);
    const beta = tensor([8], 6);
    const r = tensor([5, 7, 6, 8], 7);
    const [single, threaded, parallel] = singleAndThreaded(() => {
      const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(a, [0, 1, 2]);
        return tf.sum(tf.mul(tf.batchNorm(a, mean, variance, b, g, 1e-3), r));
      };
      return [...tf.grads(f)([x, gamma, beta]), tf.sum(x, [0, 1, 2])];
    });
    expect(parallel).toBeGreaterThanOrEqual(2);
    threaded.forEach((t, i) => expect(relativeError(single[i], t)).toBeLessThan(1e-6));
  });

  it.each([
    // [what is folded in, x's shape, the output's shape, split passes at least, attrs]
    ['its ReLU', [5, 7, 6, 8], [5, 7, 6, 8], 2, {}],
    // Forward, the gradient's sums and its dx, split by window rows.
    ['its ReLU and a 2×2 max pool', [5, 6, 8, 8], [5, 3, 4, 8], 3, { pool: 'max2x2' }],
    // The same, split by images.
    ['its ReLU and a global average', [5, 4, 3, 8], [5, 8], 3, { pool: 'mean' }],
  ] as [string, number[], number[], number, tf.NamedAttrMap][])(
    'batch-norm training with %s folded in, split across threads: to float tolerance',
    (_what, xShape, yShape, passes, attrs) => {
      const [x, gamma, beta, r] = [xShape, [8], [8], yShape].map((shape, i) => tensor(shape, 15 + i));
      const [single, threaded, parallel] = singleAndThreaded(() => {
        const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
          const [y] = tf
            .engine()
            .runKernel(
              LAB_BATCH_NORM_TRAIN,
              { x: a, gamma: g, beta: b },
              { epsilon: 1e-3, relu: true, ...attrs },
            ) as tf.Tensor[];
          return tf.sum(tf.mul(y, r));
        };
        return tf.grads(f)([x, gamma, beta]);
      });
      expect(parallel).toBeGreaterThanOrEqual(passes);
      threaded.forEach((t, i) => expect(relativeError(single[i], t)).toBeLessThan(1e-6));
    },
  );

  it('grouped-conv depthwise passes (multiplier 4) split by image: outputs and dx the same bits, dW to tolerance', () => {
    const x = tensor([4, 6, 6, 3], 9);
    const f = tensor([3, 3, 3, 4], 10);
    const r = tensor([4, 6, 6, 12], 11);
    const [single, threaded, parallel] = singleAndThreaded(() => {
      const conv = (a: tf.Tensor, w: tf.Tensor) =>
        tf.depthwiseConv2d(a as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
      return [conv(x, f), ...tf.grads((a: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(conv(a, w), r)))([x, f])];
    });
    expect(parallel).toBeGreaterThanOrEqual(3);
    expect(Array.from(threaded[0])).toEqual(Array.from(single[0]));
    expect(Array.from(threaded[1])).toEqual(Array.from(single[1]));
    expect(relativeError(single[2], threaded[2])).toBeLessThan(1e-6);
  });

  it('Winograd convolutions split by chunks of tiles, and the filter gradient by ξ, give the same bits', () => {
    // F(4×4): 12 tile rows of 4 tiles, in chunks of at most 7 rows (winograd.ts): 2 chunks.
    const x = tensor([6, 8, 16, 64], 12);
    const f = tensor([3, 3, 64, 64], 13);
    const r = tensor([6, 8, 16, 64], 14);
    const [single, threaded, parallel] = singleAndThreaded(() => {
      const conv = (a: tf.Tensor, w: tf.Tensor) =>
        tf
          .engine()
          .runKernel(
            LAB_CONV2D_BIAS,
            { x: a, filter: w },
            { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] },
          ) as tf.Tensor;
      return [conv(x, f), ...tf.grads((a: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(conv(a, w), r)))([x, f])];
    });
    expect(parallel).toBeGreaterThanOrEqual(3);
    threaded.forEach((t, i) => expect(Array.from(t)).toEqual(Array.from(single[i])));
  });

  it('the reference CNN trains to the same losses and gradients on 2 threads as on one', async () => {
    const init = buildModel({ ...referenceCnn(16, 3, 4), seed: 3 });
    const weights = init.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    init.dispose();
    const train = async (limit: number) => {
      setLoopThreads(limit === 1 ? { limit: 1 } : {});
      const trainable = buildTrainable({ ...referenceCnn(16, 3, 4), seed: 3 });
      trainable.model.setWeights(weights.map((w, i) => tf.tensor(w, trainable.model.getWeights()[i].shape)));
      const x = tensor([16, 16, 16, 3], 21) as tf.Tensor4D;
      const labels = tf.tensor1d([0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0], 'int32');
      const optimizer = createOptimizer({ name: 'adam', learningRate: 0.01 }, trainable.variables());
      const step = createTrainStep(trainable, optimizer);
      const losses = [];
      for (let i = 0; i < 3; i++) losses.push((await step({ x, labels }, 0.01)).loss);
      const after = trainable.model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
      optimizer.dispose();
      trainable.dispose();
      tf.dispose([x, labels]);
      return { losses, after };
    };
    const one = await train(1);
    const before = loopPoolStats.parallelRuns;
    const two = await train(2);
    expect(loopPoolStats.parallelRuns).toBeGreaterThan(before); // the 16-px batch is big enough to split
    two.losses.forEach((l, i) => expect(Math.abs(l - one.losses[i])).toBeLessThan(1e-5 * Math.max(1, l)));
    // Conv biases before batch norm get ±rounding gradients that Adam scales up (see reference-cnn.test.ts).
    const names = buildModel({ ...referenceCnn(16, 3, 4), seed: 3 }).weights.map((w) => w.originalName);
    two.after.forEach((w, i) => {
      if (!/conv.*\/bias|moving_mean/.test(names[i]))
        expect(relativeError(one.after[i], w)).toBeLessThan(1e-4);
    });
  });
});
