import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test-support/backend';
import { augmentBatch } from './augment';

describe('augmentBatch', () => {
  beforeAll(useCpuBackend);
  const batch = () =>
    tf.tensor4d(
      Array.from({ length: 4 * 6 * 6 }, (_, i) => i),
      [4, 6, 6, 1],
    );

  it('is deterministic for a seed and differs between seeds', () => {
    const x = batch();
    const spec = { flip: true, crop: 2 };
    const a = augmentBatch(x, spec, 5).arraySync();
    const b = augmentBatch(x, spec, 5).arraySync();
    const c = augmentBatch(x, spec, 6).arraySync();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('each image is the original, or its mirror, shifted by at most the padding with zeros filled in', () => {
    const x = batch();
    const out = augmentBatch(x, { flip: true, crop: 1 }, 11).arraySync() as number[][][][];
    const src = x.arraySync() as number[][][][];
    out.forEach((image, n) => {
      const candidates = [src[n], src[n].map((row) => [...row].reverse())];
      const matches = candidates.some((s) =>
        [-1, 0, 1].some((dy) =>
          [-1, 0, 1].some((dx) =>
            image.every((row, y) => row.every((v, xx) => v[0] === (s[y + dy]?.[xx + dx]?.[0] ?? 0))),
          ),
        ),
      );
      expect(matches, `image ${n}`).toBe(true);
    });
  });

  it('returns the batch itself when there is nothing to do', () => {
    const x = batch();
    expect(augmentBatch(x, undefined, 1)).toBe(x);
    expect(augmentBatch(x, { flip: false, crop: 0 }, 1)).toBe(x);
  });
});
