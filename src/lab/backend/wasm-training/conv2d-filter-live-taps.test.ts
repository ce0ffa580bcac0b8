import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dInfo } from './conv-info';
import { liveTaps, preferLiveTaps } from './conv2d-filter-live-taps';
import { randomValues, readyBackends, relativeError, runOn } from './test-helpers';

beforeAll(readyBackends);

/**
 * x shape, filter shape, stride, padding, the path taken: the DPN's small grids and odd channel
 * counts. Live taps where some are dead, else the patch tiles (odd Cout on a padded dy).
 */
type Shape4 = [number, number, number, number];
const CASES: [Shape4, Shape4, number, 'same' | 'valid', 'live taps' | 'patch tiles'][] = [
  [[3, 1, 1, 12], [3, 3, 12, 10], 1, 'same', 'live taps'], // only the centre tap live
  [[2, 2, 2, 9], [3, 3, 9, 10], 1, 'same', 'patch tiles'],
  [[2, 8, 8, 6], [3, 3, 6, 11], 1, 'same', 'patch tiles'],
  [[2, 12, 12, 1], [7, 7, 1, 10], 2, 'same', 'patch tiles'], // the stem
  [[2, 4, 4, 6], [1, 1, 6, 41], 2, 'same', 'patch tiles'], // the projection's 1×1 stride 2
  [[2, 3, 5, 3], [2, 3, 3, 6], 2, 'valid', 'patch tiles'],
  [[1, 2, 2, 20], [3, 3, 20, 164], 2, 'same', 'live taps'], // the last row and column of taps read padding
  [[1, 1, 1, 4], [5, 5, 4, 4], 2, 'same', 'live taps'],
];

const info = (x: number[], f: number[], stride: number, pad: 'same' | 'valid') =>
  conv2dInfo(x, f, stride, 1, pad, undefined, false);

describe('Conv2DBackpropFilter on the live taps', () => {
  it('finds the live taps and takes this path where some are dead', () => {
    expect(liveTaps(info([3, 1, 1, 12], [3, 3, 12, 10], 1, 'same'))).toEqual([4]);
    expect(liveTaps(info([2, 2, 2, 9], [3, 3, 9, 10], 1, 'same'))).toHaveLength(9);
    expect(liveTaps(info([1, 1, 1, 4], [5, 5, 4, 4], 2, 'same'))).toEqual([12]);
    expect(liveTaps(info([1, 2, 2, 20], [3, 3, 20, 164], 2, 'same'))).toEqual([0, 1, 3, 4]);
    for (const [x, f, s, p, path] of CASES) {
      const i = info(x, f, s, p);
      expect(preferLiveTaps(i, liveTaps(i).length), JSON.stringify([x, f])).toBe(path === 'live taps');
    }
    // Dead taps, but a patch matrix past the cap: the patch tiles.
    const big = info([16384, 2, 2, 512], [3, 3, 512, 8], 2, 'same');
    expect(preferLiveTaps(big, liveTaps(big).length)).toBe(false);
  });

  it('equals the cpu backend (dead taps zero, odd Cout, strides 1–2)', async () => {
    for (const [i, [xShape, fShape, stride, pad]] of CASES.entries()) {
      const xv = randomValues(tf.util.sizeFromShape(xShape), 10 + i);
      const run = () => {
        const x = tf.tensor4d(xv, xShape);
        const y = tf.conv2d(x, tf.zeros(fShape) as tf.Tensor4D, stride, pad);
        const dy = tf.tensor(randomValues(y.size, 20 + i), y.shape) as tf.Tensor4D;
        const attrs = { strides: stride, pad, dataFormat: 'NHWC', filterShape: fShape };
        return [tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor];
      };
      const [[cpu], [wasm]] = [await runOn('cpu', run), await runOn('wasm', run)];
      expect(relativeError(cpu, wasm), JSON.stringify([xShape, fShape])).toBeLessThan(2e-5);
    }
  });
});
