import { describe, expect, it } from 'vitest';
import {
  encodeJpeg,
  encodePgm,
  encodePngjs,
  encodeRawPng,
  gradientRgb,
} from '../../test-support/import-fixtures';
import { createBrowserDecoder } from './browser-decoder';
import { decodeImage } from './decode-image';
import { detectImageFormat } from './detect-format';
import { DecodeError } from './types';

const W = 9;
const H = 7;

/** RGBA test pixels; opaque unless `alpha` (pngjs composites alpha over white when writing RGB). */
function rgbaFixture(alpha = true): Uint8Array {
  const rgb = gradientRgb(W, H, 3);
  const rgba = new Uint8Array(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    rgba.set(rgb.subarray(3 * i, 3 * i + 3), 4 * i);
    rgba[4 * i + 3] = alpha ? (i * 13) & 0xff : 255;
  }
  return rgba;
}

function expectDecodeError(bytes: Uint8Array, pattern: RegExp) {
  let error: unknown;
  try {
    decodeImage(bytes, 'bad.img');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DecodeError);
  expect((error as DecodeError).reason).toMatch(pattern);
  expect((error as DecodeError).file).toBe('bad.img');
}

describe('decodeImage', () => {
  it('detects formats by magic bytes, not names', () => {
    expect(detectImageFormat(encodeJpeg(8, 8))).toBe('jpeg');
    expect(detectImageFormat(encodePngjs(W, H, rgbaFixture(), 2))).toBe('png');
    expect(detectImageFormat(encodePgm(2, 1, [0, 1]))).toBe('pnm');
    const png = encodePngjs(W, H, rgbaFixture(), 2);
    expect(decodeImage(png, 'misnamed.jpg').channels).toBe(3);
  });

  it('decodes JPEG to RGB close to the original', () => {
    const img = decodeImage(encodeJpeg(16, 12, 1, 100), 'a.jpg');
    expect([img.width, img.height, img.channels]).toEqual([16, 12, 3]);
    const original = gradientRgb(16, 12, 1);
    let err = 0;
    for (let i = 0; i < original.length; i++) err += Math.abs(original[i] - img.data[i]);
    expect(err / original.length).toBeLessThan(4);
  });

  it('round-trips PNG gray, RGB and RGBA exactly (pngjs)', () => {
    const rgba = rgbaFixture();
    const rgb = decodeImage(encodePngjs(W, H, rgbaFixture(false), 2), 'rgb.png');
    expect(rgb.channels).toBe(3);
    for (let i = 0; i < W * H; i++)
      expect([...rgb.data.subarray(3 * i, 3 * i + 3)]).toEqual([...rgba.subarray(4 * i, 4 * i + 3)]);
    const withAlpha = decodeImage(encodePngjs(W, H, rgba, 6), 'rgba.png');
    expect(withAlpha.channels).toBe(4);
    expect([...withAlpha.data]).toEqual([...rgba]);
    const gray = decodeImage(
      encodeRawPng({
        width: W,
        height: H,
        colorType: 0,
        bitDepth: 8,
        samples: [...rgba.filter((_, i) => i % 4 === 0)],
      }),
      'g.png',
    );
    expect(gray.channels).toBe(1);
    expect([...gray.data]).toEqual([...rgba.filter((_, i) => i % 4 === 0)]);
    const pngjsGray = decodeImage(encodePngjs(W, H, rgba, 0), 'g2.png');
    expect(pngjsGray.channels).toBe(1);
  });

  it('decodes palette PNGs, with and without transparency, at 8 and 2 bits', () => {
    const palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
    const indices = Array.from({ length: W * H }, (_, i) => i % 4);
    for (const bitDepth of [8, 2] as const) {
      const img = decodeImage(
        encodeRawPng({ width: W, height: H, colorType: 3, bitDepth, samples: indices, palette }),
        'p.png',
      );
      expect(img.channels).toBe(3);
      indices.forEach((k, i) =>
        expect([...img.data.subarray(3 * i, 3 * i + 3)]).toEqual(palette.slice(3 * k, 3 * k + 3)),
      );
    }
    const alpha = decodeImage(
      encodeRawPng({
        width: W,
        height: H,
        colorType: 3,
        bitDepth: 8,
        samples: indices,
        palette,
        transparency: [0, 128],
      }),
      't.png',
    );
    expect(alpha.channels).toBe(4);
    expect([alpha.data[3], alpha.data[7], alpha.data[11]]).toEqual([0, 128, 255]);
  });

  it('decodes 16-bit, 1-bit gray, gray+alpha and interlaced PNGs', () => {
    const wide = decodeImage(
      encodeRawPng({ width: 2, height: 1, colorType: 0, bitDepth: 16, samples: [65535, 257 * 100] }),
      'w.png',
    );
    expect([...wide.data]).toEqual([255, 100]);
    const bits = decodeImage(
      encodeRawPng({
        width: 10,
        height: 1,
        colorType: 0,
        bitDepth: 1,
        samples: [1, 0, 1, 1, 0, 0, 0, 1, 1, 0],
      }),
      'b.png',
    );
    expect([...bits.data]).toEqual([255, 0, 255, 255, 0, 0, 0, 255, 255, 0]);
    const ga = decodeImage(
      encodeRawPng({ width: 1, height: 1, colorType: 4, bitDepth: 8, samples: [77, 200] }),
      'ga.png',
    );
    expect([ga.channels, ...ga.data]).toEqual([4, 77, 77, 77, 200]);
    const samples = [...gradientRgb(W, H, 5)];
    const interlaced = decodeImage(
      encodeRawPng({ width: W, height: H, colorType: 2, bitDepth: 8, samples, interlace: true }),
      'i.png',
    );
    expect([...interlaced.data]).toEqual(samples);
  });

  it('decodes low-bit interlaced gray, 16-bit RGB and 16-bit gray+alpha (fast-png path)', () => {
    const gray2 = Array.from({ length: W * H }, (_, i) => i % 4);
    const interlaced = decodeImage(
      encodeRawPng({ width: W, height: H, colorType: 0, bitDepth: 2, samples: gray2, interlace: true }),
      'i2.png',
    );
    expect([...interlaced.data]).toEqual(gray2.map((v) => v * 85));
    const palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
    const indexed = decodeImage(
      encodeRawPng({
        width: W,
        height: H,
        colorType: 3,
        bitDepth: 4,
        samples: gray2,
        palette,
        transparency: [7],
      }),
      'p4i.png',
    );
    expect(indexed.channels).toBe(4);
    gray2.forEach((k, i) =>
      expect([...indexed.data.subarray(4 * i, 4 * i + 4)]).toEqual([
        ...palette.slice(3 * k, 3 * k + 3),
        k ? 255 : 7,
      ]),
    );
    const rgb16 = decodeImage(
      encodeRawPng({
        width: 2,
        height: 1,
        colorType: 2,
        bitDepth: 16,
        samples: [0, 257, 65535, 1000, 2000, 3000],
      }),
      'rgb16.png',
    );
    expect([rgb16.channels, ...rgb16.data]).toEqual([3, 0, 1, 255, 4, 8, 12]);
    const ga16 = decodeImage(
      encodeRawPng({ width: 1, height: 1, colorType: 4, bitDepth: 16, samples: [257 * 9, 65535] }),
      'ga16.png',
    );
    expect([ga16.channels, ...ga16.data]).toEqual([4, 9, 9, 9, 255]);
  });

  it('names what is wrong with a palette or header', () => {
    const palette = [255, 0, 0, 0, 255, 0];
    const outOfRange = encodeRawPng({
      width: 2,
      height: 1,
      colorType: 3,
      bitDepth: 8,
      samples: [0, 5],
      palette,
    });
    expectDecodeError(outOfRange, /palette/);
    const noPalette = encodeRawPng({ width: 2, height: 1, colorType: 3, bitDepth: 8, samples: [0, 1] });
    expectDecodeError(noPalette, /palette PNG without a PLTE chunk/);
    const badDepth = encodeRawPng({
      width: 2,
      height: 1,
      colorType: 2,
      bitDepth: 8,
      samples: [0, 0, 0, 0, 0, 0],
    });
    badDepth[24] = 4; // RGB at 4 bits does not exist
    expectDecodeError(badDepth, /unsupported PNG bit depth 4 for colour type 2/);
  });

  it('decodes PGM P2 and P5 (8- and 16-bit) and PPM P6', () => {
    const gray = Array.from({ length: 12 }, (_, i) => i * 20);
    for (const ascii of [true, false]) {
      const img = decodeImage(encodePgm(4, 3, gray, ascii), 'x.pgm');
      expect([img.width, img.height, img.channels]).toEqual([4, 3, 1]);
      expect([...img.data]).toEqual(gray);
    }
    const wide = decodeImage(encodePgm(2, 1, [65535, 0], false, 65535), 'w.pgm');
    expect([...wide.data]).toEqual([255, 0]);
    const ppm = decodeImage(new Uint8Array([...new TextEncoder().encode('P6 1 1 255\n'), 1, 2, 3]), 'c.ppm');
    expect([ppm.channels, ...ppm.data]).toEqual([3, 1, 2, 3]);
  });

  it('throws DecodeError with a reason for corrupt, truncated or unknown files', () => {
    const jpeg = encodeJpeg(32, 32, 2);
    expectDecodeError(jpeg.subarray(0, jpeg.length >> 1), /JPEG/);
    const png = encodePngjs(W, H, rgbaFixture(), 6);
    expectDecodeError(png.subarray(0, png.length - 20), /truncated|missing IEND/);
    const flipped = png.slice();
    flipped[40] ^= 0xff;
    expectDecodeError(flipped, /CRC|corrupt/);
    expectDecodeError(encodePgm(4, 4, new Array(16).fill(1)).subarray(0, 20), /truncated/);
    expectDecodeError(new TextEncoder().encode('P2 3 3 255 1 2'), /truncated/);
    expectDecodeError(new TextEncoder().encode('hello world'), /not a JPEG, PNG/);
    expectDecodeError(new Uint8Array(0), /empty/);
  });

  it('refuses a truncated JPEG instead of decoding part of it, in the pure and the native decoder', async () => {
    const jpeg = encodeJpeg(32, 32, 2);
    expect(decodeImage(jpeg, 'whole.jpg').width).toBe(32);
    // Bytes after the end-of-image marker are harmless.
    expect(decodeImage(Uint8Array.from([...jpeg, 0, 0, 0]), 'padded.jpg').width).toBe(32);
    expectDecodeError(jpeg.subarray(0, jpeg.length - 2), /^truncated JPEG \(no end-of-image marker/);
    // An EXIF thumbnail's own end-of-image marker (before the scan) does not make a cut file whole.
    const thumbnail = [0xff, 0xd8, 0xff, 0xd9];
    const app1 = [0xff, 0xe1, 0x00, 2 + thumbnail.length, ...thumbnail];
    const withThumbnail = Uint8Array.from([...jpeg.subarray(0, 2), ...app1, ...jpeg.subarray(2)]);
    expect(decodeImage(withThumbnail, 'exif.jpg').width).toBe(32);
    expectDecodeError(withThumbnail.subarray(0, withThumbnail.length - 30), /^truncated JPEG/);

    // The browser's decoder would fill the missing rows with grey: the check runs before it.
    const scope = globalThis as Record<string, unknown>;
    let nativeCalls = 0;
    scope.createImageBitmap = async () => {
      nativeCalls++;
      return { width: 1, height: 1, close() {} };
    };
    scope.OffscreenCanvas = class {
      getContext() {
        return { drawImage() {}, getImageData: () => ({ data: new Uint8ClampedArray(4) }) };
      }
    };
    try {
      const native = createBrowserDecoder();
      expect(native.name).toBe('browser-native');
      await expect(native.decode(jpeg.subarray(0, jpeg.length - 2), 'cut.jpg')).rejects.toThrow(
        /cut\.jpg: truncated JPEG/,
      );
      expect(nativeCalls).toBe(0);
      expect((await native.decode(jpeg, 'whole.jpg')).channels).toBe(4);
      expect(nativeCalls).toBe(1);
    } finally {
      delete scope.createImageBitmap;
      delete scope.OffscreenCanvas;
    }
  });
});
