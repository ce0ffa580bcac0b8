import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_CONV2D_BIAS } from '../lab-kernels';
import { hasRelaxedMadd, preferFusedMultiplyAdd } from './simd/loops';
import { randomValues, readyBackends, relativeError, runOn } from './test-helpers';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
/** x shape, filter shape, stride, padding, with a bias. */
type Case = [number[], number[], number, Pad, boolean];

const explicit: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [2, 1],
  [0, 3],
  [0, 0],
];

/** Cout 2–48 (blocks 4 and 8 wide, odd Cout), rows that leave a tail tile, strides 1–3, every padding, narrow grids. */
const CASES: Case[] = [
  [[2, 9, 8, 3], [3, 3, 3, 16], 1, 'same', true],
  [[3, 8, 7, 5], [3, 3, 5, 8], 1, 'same', false],
  [[2, 7, 9, 4], [2, 3, 4, 12], 1, 'valid', true],
  [[1, 8, 8, 6], [3, 3, 6, 4], 2, 'same', true],
  [[2, 9, 10, 2], [3, 2, 2, 32], 3, 'valid', false],
  [[2, 6, 7, 3], [3, 3, 3, 48], 1, explicit, true],
  [[2, 5, 6, 8], [1, 1, 8, 24], 1, 'valid', true],
  [[1, 11, 13, 2], [5, 5, 2, 16], 2, 'same', true],
  // Output rows of 1–3 pixels: the patch-row product (with padding, strided, pointwise).
  [[3, 2, 2, 5], [3, 3, 5, 8], 1, 'same', true],
  [[2, 4, 4, 3], [3, 3, 3, 16], 2, 'same', false],
  [[2, 5, 3, 4], [3, 3, 4, 24], 1, 'same', true],
  [[5, 1, 1, 12], [1, 1, 12, 20], 1, 'valid', true],
  [[2, 3, 2, 6], [2, 2, 6, 4], 1, explicit, false],
  // 8-wide blocks with a 4-wide tail (their strips 6 and 8 pixels long, both leaving a tail).
  [[2, 9, 11, 3], [3, 3, 3, 20], 1, 'same', true],
  // Cout not a multiple of 4: spatial filters on a padded filter (the DPN's stem and odd widths),
  // 1×1 filters and narrow grids on XNNPACK.
  [[2, 8, 9, 6], [3, 3, 6, 41], 1, 'same', true],
  [[2, 12, 12, 1], [7, 7, 1, 10], 2, 'same', true],
  [[3, 7, 6, 5], [3, 3, 5, 2], 1, 'same', false],
  [[2, 6, 6, 4], [1, 1, 4, 7], 2, 'valid', true],
  [[2, 2, 2, 9], [3, 3, 9, 10], 1, 'same', true],
  // 3×3 stride 1 on even grids, Cin ≥ 8: Winograd F(2×2, 3×3), Cout 8, 12 (8 + 4), 20.
  [[2, 8, 6, 8], [3, 3, 8, 16], 1, 'same', true],
  [[3, 10, 8, 12], [3, 3, 12, 20], 1, 'valid', false],
  [[2, 7, 5, 8], [3, 3, 8, 12], 1, explicit, true],
  [[1, 2, 2, 16], [3, 3, 16, 8], 1, 'same', true],
  // Winograd on channels zero-padded to multiples of 4.
  [[2, 6, 8, 10], [3, 3, 10, 13], 1, 'same', true],
  [[2, 4, 4, 26], [3, 3, 26, 9], 1, 'same', false],
];

beforeAll(readyBackends);

describe('the forward convolution on the gemm strips (LabConv2DBias on wasm)', () => {
  it.each([false, true])('equals conv2d + bias on cpu (relaxed multiply-add: %s)', async (fma) => {
    expect(hasRelaxedMadd()).toBe(true); // vite.config.ts runs the tests with relaxed SIMD
    for (const [i, [xShape, fShape, stride, pad, withBias]] of CASES.entries()) {
      const xv = randomValues(tf.util.sizeFromShape(xShape), 10 + i);
      const fv = randomValues(tf.util.sizeFromShape(fShape), 20 + i);
      const bv = randomValues(fShape[3], 30 + i);
      const want = await runOn('cpu', () => {
        const y = tf.conv2d(tf.tensor4d(xv, xShape as never), tf.tensor4d(fv, fShape as never), stride, pad);
        return [withBias ? tf.add(y, tf.tensor1d(bv)) : y];
      });
      preferFusedMultiplyAdd(fma);
      const got = await runOn('wasm', () => [
        tf.engine().runKernel(
          LAB_CONV2D_BIAS,
          {
            x: tf.tensor4d(xv, xShape as never),
            filter: tf.tensor4d(fv, fShape as never),
            ...(withBias ? { bias: tf.tensor1d(bv) } : {}),
          },
          { strides: [stride, stride], pad, dataFormat: 'NHWC', dilations: [1, 1] },
        ) as tf.Tensor,
      ]);
      preferFusedMultiplyAdd(undefined);
      expect(got[0].length, `case ${i}`).toBe(want[0].length);
      // Winograd's F(4×4, 3×3) rounds more than a direct sum (coefficients up to 8 and 1/24).
      const winograd = fShape[0] === 3 && fShape[1] === 3 && stride === 1;
      expect(relativeError(want[0], got[0]), `case ${i}`).toBeLessThan(winograd ? 1e-5 : 2e-6);
    }
  });

  it.each([
    [
      [6, 32, 32, 8],
      [3, 3, 8, 32],
    ],
    [
      [5, 24, 32, 13],
      [3, 3, 13, 10],
    ],
    // A grid of 2×2 tiles but not 4×4: F(2×2, 3×3).
    [
      [4, 10, 14, 12],
      [3, 3, 12, 8],
    ],
  ])(
    'gradients through it equal cpu, over a batch taken in several chunks (x %j)',
    async (xShape, fShape) => {
      const xv = randomValues(tf.util.sizeFromShape(xShape), 1);
      const fv = randomValues(tf.util.sizeFromShape(fShape), 2);
      const yShape = [...xShape.slice(0, 3), fShape[3]];
      const rv = randomValues(tf.util.sizeFromShape(yShape), 3);
      const conv = (x: tf.Tensor, f: tf.Tensor) =>
        tf.getBackend() === 'wasm'
          ? (tf
              .engine()
              .runKernel(
                LAB_CONV2D_BIAS,
                { x, filter: f },
                { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] },
              ) as tf.Tensor)
          : tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same');
      const grads = () => {
        const r = tf.tensor(rv, yShape);
        return tf.grads((x: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(conv(x, f), r)))([
          tf.tensor(xv, xShape),
          tf.tensor(fv, fShape),
        ]);
      };
      const [cpu, wasm] = [await runOn('cpu', grads), await runOn('wasm', grads)];
      for (let i = 0; i < cpu.length; i++) expect(relativeError(cpu[i], wasm[i])).toBeLessThan(2e-5);
    },
  );
});
