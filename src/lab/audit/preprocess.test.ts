import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputMapping, ResizeConvention } from './mapping';
import { pixelsToTensor, preprocessBatch } from './preprocess';

const base: InputMapping = {
  size: [2, 2],
  resize: 'bilinear',
  crop: 'none',
  channels: 'rgb',
  scale: '0-255',
};

/** One 2×2 RGB image whose pixels are (r, g, b) = (10·i, 20·i, 30·i) for pixel i. */
function ramp(): tf.Tensor4D {
  const pixels = Uint8Array.from({ length: 12 }, (_, k) => (Math.floor(k / 3) + 1) * [10, 20, 30][k % 3]);
  return pixelsToTensor(pixels, 1, 2, 2, 3);
}

async function run(
  input: tf.Tensor4D,
  mapping: Partial<InputMapping>,
): Promise<{ shape: number[]; values: number[] }> {
  const out = preprocessBatch(input, { ...base, ...mapping });
  const result = { shape: out.shape, values: Array.from(await out.data()) };
  out.dispose();
  return result;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('preprocessBatch', () => {
  it('keeps RGB order and 0–255 values', async () => {
    const { shape, values } = await run(ramp(), {});
    expect(shape).toEqual([1, 2, 2, 3]);
    expect(values.slice(0, 6)).toEqual([10, 20, 30, 20, 40, 60]);
  });

  it('reverses channels for BGR', async () => {
    const { values } = await run(ramp(), { channels: 'bgr' });
    expect(values.slice(0, 6)).toEqual([30, 20, 10, 60, 40, 20]);
  });

  it('converts RGB to gray with BT.601 weights', async () => {
    const { shape, values } = await run(ramp(), { channels: 'gray' });
    expect(shape).toEqual([1, 2, 2, 1]);
    expect(values[0]).toBeCloseTo(0.299 * 10 + 0.587 * 20 + 0.114 * 30, 4);
  });

  it('tiles a gray image to three channels', async () => {
    const gray = pixelsToTensor(Uint8Array.from([5, 6, 7, 8]), 1, 2, 2, 1);
    const { shape, values } = await run(gray, { channels: 'rgb' });
    expect(shape).toEqual([1, 2, 2, 3]);
    expect(values.slice(0, 6)).toEqual([5, 5, 5, 6, 6, 6]);
  });

  it('scales to 0-1, -1-1 and per-channel mean/std', async () => {
    const white = pixelsToTensor(new Uint8Array(12).fill(255), 1, 2, 2, 3);
    expect((await run(white, { scale: '0-1' })).values[0]).toBeCloseTo(1, 6);
    expect((await run(white, { scale: '-1-1' })).values[0]).toBeCloseTo(1, 6);
    const black = pixelsToTensor(new Uint8Array(12), 1, 2, 2, 3);
    expect((await run(black, { scale: '-1-1' })).values[0]).toBeCloseTo(-1, 6);
    const caffe = { mean: [103.939, 116.779, 123.68], std: [1, 1, 1] };
    const { values } = await run(ramp(), { channels: 'bgr', scale: caffe });
    // BGR first pixel is (30, 20, 10).
    expect(values.slice(0, 3).map((v) => Number(v.toFixed(3)))).toEqual(
      [30 - 103.939, 20 - 116.779, 10 - 123.68].map((v) => Number(v.toFixed(3))),
    );
    const std = await run(white, { scale: { mean: [0], std: [2] }, channels: 'gray' });
    expect(std.values[0]).toBeCloseTo(127.5, 4);
  });

  it('centre-crops before resizing', async () => {
    // 4×4 gray image with values 0..15; the centre 2×2 is 5, 6, 9, 10.
    const image = pixelsToTensor(
      Uint8Array.from({ length: 16 }, (_, i) => i),
      1,
      4,
      4,
      1,
    );
    const { shape, values } = await run(image, { channels: 'gray', crop: 'center', cropFraction: 0.5 });
    expect(shape).toEqual([1, 2, 2, 1]);
    expect(values).toEqual([5, 6, 9, 10]);
  });

  it('crops the central square of a non-square image', async () => {
    // 2 rows × 4 columns: the centre square is columns 1–2.
    const image = pixelsToTensor(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]), 1, 2, 4, 1);
    const { values } = await run(image, { channels: 'gray', crop: 'center' });
    expect(values).toEqual([1, 2, 5, 6]);
  });

  it('resizes bilinearly with half-pixel centres, or by nearest neighbour', async () => {
    // 1×2 → 1×4: half-pixel bilinear gives 0, 25, 75, 100 for a 0 → 100 ramp.
    const image = pixelsToTensor(Uint8Array.from([0, 100]), 1, 1, 2, 1);
    const bilinear = await run(image, { channels: 'gray', size: [1, 4] });
    expect(bilinear.values).toEqual([0, 25, 75, 100]);
    const nearest = await run(image, { channels: 'gray', size: [1, 4], resize: 'nearest' });
    expect(nearest.values).toEqual([0, 0, 100, 100]);
  });

  // Each convention is exactly tfjs's resize with the matching (alignCorners, halfPixelCenters).
  const conventions: [ResizeConvention, boolean, boolean][] = [
    ['half-pixel', false, true],
    ['legacy', false, false],
    ['align-corners', true, false],
  ];
  for (const [resizeConvention, alignCorners, halfPixelCenters] of conventions) {
    it(`resizes with the ${resizeConvention} convention as tfjs does with those flags`, async () => {
      // 5×7 RGB of distinct values, up to 9×4 (up in height, down in width).
      const pixels = Uint8Array.from({ length: 5 * 7 * 3 }, (_, k) => (k * 37) % 251);
      for (const resize of ['bilinear', 'nearest'] as const) {
        const got = await run(pixelsToTensor(pixels, 1, 5, 7, 3), {
          size: [9, 4],
          resize,
          resizeConvention,
        });
        const x = pixelsToTensor(pixels, 1, 5, 7, 3);
        const want =
          resize === 'bilinear'
            ? tf.image.resizeBilinear(x, [9, 4], alignCorners, halfPixelCenters)
            : tf.image.resizeNearestNeighbor(x, [9, 4], alignCorners, halfPixelCenters);
        expect(got.shape).toEqual([1, 9, 4, 3]);
        expect(got.values).toEqual(Array.from(await want.data()));
        tf.dispose([x, want]);
      }
    });
  }

  it('gives three different results for the three conventions', async () => {
    const image = pixelsToTensor(Uint8Array.from([0, 100]), 1, 1, 2, 1);
    const values = await Promise.all(
      conventions.map(
        async ([resizeConvention]) =>
          (await run(image, { channels: 'gray', size: [1, 4], resizeConvention })).values,
      ),
    );
    // half-pixel: 0, 25, 75, 100; legacy samples at x·(2/4): 0, 50, 100, 100; corners: 0, 33.3, 66.7, 100.
    expect(values[0]).toEqual([0, 25, 75, 100]);
    expect(values[1]).toEqual([0, 50, 100, 100]);
    expect(values[2].map((v) => Math.round(v * 10) / 10)).toEqual([0, 33.3, 66.7, 100]);
  });

  it('leaves no tensors behind', async () => {
    const image = ramp();
    const before = tf.memory().numTensors;
    preprocessBatch(image, {
      ...base,
      size: [4, 4],
      channels: 'gray',
      scale: '-1-1',
      crop: 'center',
    }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
