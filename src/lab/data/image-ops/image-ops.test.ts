import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../decode/types';
import { toChannels } from './channels';
import { centerCropSquare } from './crop';
import { prepareImage, validateImageSize } from './prepare';
import { resizeImage } from './resize';

function image(
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  pixel: (x: number, y: number, c: number) => number,
): DecodedImage {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = pixel(x, y, c);
  return { width, height, channels, data };
}

describe('image ops', () => {
  it('centre-crops the longer side', () => {
    const tall = image(4, 8, 1, (_, y) => y);
    const crop = centerCropSquare(tall);
    expect([crop.width, crop.height]).toEqual([4, 4]);
    expect(crop.data[0]).toBe(2);
    expect(crop.data[15]).toBe(5);
    const wide = centerCropSquare(image(7, 3, 3, (x) => x));
    expect([wide.width, wide.data[0]]).toEqual([3, 2]);
  });

  it('keeps a constant image constant at any scale', () => {
    const flat = image(50, 50, 3, (_, __, c) => 40 + c);
    for (const size of [16, 64, 7, 128]) {
      const out = resizeImage(flat, size, size);
      expect(out.data.every((v, i) => v === 40 + (i % 3))).toBe(true);
    }
  });

  it('area-averages a strong downscale (a checkerboard turns mid-gray, no aliasing)', () => {
    const checker = image(64, 64, 1, (x, y) => ((x + y) % 2 ? 255 : 0));
    const out = resizeImage(checker, 8, 8);
    for (const v of out.data) expect(Math.abs(v - 127.5)).toBeLessThanOrEqual(1);
  });

  it('interpolates bilinearly when upscaling', () => {
    const ramp = image(2, 1, 1, (x) => x * 200);
    const out = resizeImage(ramp, 4, 1);
    expect([...out.data]).toEqual([0, 50, 150, 200]);
  });

  it('converts channels: luma, replicate, drop alpha', () => {
    const rgba = image(1, 1, 4, (_, __, c) => [255, 0, 0, 9][c]);
    expect([...toChannels(rgba, 1).data]).toEqual([76]);
    expect([...toChannels(rgba, 3).data]).toEqual([255, 0, 0]);
    expect([
      ...toChannels(
        image(1, 1, 1, () => 9),
        3,
      ).data,
    ]).toEqual([9, 9, 9]);
  });

  it('prepares the stored form and validates the size', () => {
    const out = prepareImage(
      image(92, 112, 1, (x) => x),
      32,
      3,
    );
    expect(out.length).toBe(32 * 32 * 3);
    expect(() => validateImageSize(8)).toThrow(/16 to 128/);
    expect(() => validateImageSize(200)).toThrow(/16 to 128/);
    expect(validateImageSize(64)).toBe(64);
  });
});
