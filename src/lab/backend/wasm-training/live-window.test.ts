import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_CONV2D_BIAS } from '../lab-kernels';
import { conv2dInfo } from './conv-info';
import { liveWindow } from './live-window';
import { randomValues, readyBackends, relativeError, runOn } from './test-helpers';

beforeAll(readyBackends);

type Shape4 = [number, number, number, number];
const info = (x: Shape4, f: Shape4, stride: number, pad: 'same' | 'valid') =>
  conv2dInfo(x, f, stride, 1, pad, undefined, false);

describe('convolutions over the live window of the filter', () => {
  it('finds the window and the padding that keeps the output size', () => {
    // 1×1 grid, 3×3 same: the centre tap, no padding.
    expect(liveWindow(info([2, 1, 1, 4], [3, 3, 4, 8], 1, 'same'))).toEqual({
      fy: 1,
      fx: 1,
      height: 1,
      width: 1,
      pad: [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    });
    // 1 row, 3 columns: the middle filter row only, the columns all live.
    expect(liveWindow(info([2, 1, 3, 4], [3, 3, 4, 8], 1, 'same'))?.pad).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
    // Every tap live: nothing to crop.
    expect(liveWindow(info([2, 4, 4, 4], [3, 3, 4, 8], 1, 'same'))).toBeNull();
    expect(liveWindow(info([2, 2, 2, 4], [3, 3, 4, 8], 1, 'same'))).toBeNull();
  });

  const CASES: [Shape4, Shape4, number, 'same' | 'valid'][] = [
    [[3, 1, 1, 6], [3, 3, 6, 5], 1, 'same'],
    [[2, 1, 1, 8], [3, 3, 8, 12], 1, 'same'],
    [[2, 1, 3, 4], [3, 3, 4, 8], 1, 'same'],
    [[2, 2, 2, 4], [5, 5, 4, 8], 1, 'same'],
    [[2, 2, 2, 3], [3, 3, 3, 4], 2, 'same'],
    [[1, 3, 1, 5], [3, 3, 5, 7], 1, 'same'],
  ];

  it.each(CASES)(
    'LabConv2DBias x %j, filter %j, stride %i, %s: output and gradients equal conv2d + bias',
    async (xShape, fShape, stride, pad) => {
      const run = (lab: boolean) => () => {
        const x = tf.tensor(randomValues(tf.util.sizeFromShape(xShape), 1), xShape);
        const f = tf.tensor(randomValues(tf.util.sizeFromShape(fShape), 2), fShape);
        const b = tf.tensor(randomValues(fShape[3], 3));
        const attrs = { strides: [stride, stride], pad, dataFormat: 'NHWC', dilations: [1, 1] };
        const conv = (a: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
          lab
            ? (tf.engine().runKernel(LAB_CONV2D_BIAS, { x: a, filter: w, bias: c }, attrs) as tf.Tensor)
            : tf.add(tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, stride, pad), c);
        const y = conv(x, f, b);
        const r = tf.tensor(randomValues(y.size, 4), y.shape);
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
      expect(wasm).toHaveLength(4);
      for (let i = 0; i < cpu.length; i++)
        expect(relativeError(cpu[i], wasm[i]), `output ${i}`).toBeLessThan(2e-5);
    },
  );
});
