import { convertIndexedToRgb, decode, type DecodedPng } from 'fast-png';
import { decodeLowBitAdam7 } from './png-adam7-low-bit';
import { DecodeError, type DecodedImage } from './types';

/**
 * PNG via fast-png (pure JS on fflate, runs in the Worker), kept over the lab's former hand-written
 * decoder because it measured faster: µs per image, this function (CRCs checked) vs the old decoder,
 * two runs on the shared 2-core machine: AT&T's 92×112 gray 293–326 vs 423–652, 64×64 RGB 231–360 vs
 * 307–447, 178×218 RGB 2,027–2,769 vs 2,712–3,296, 256×256 RGBA 5,080–5,645 vs 7,549–7,743, 64×64
 * RGB Adam7 337–418 vs 391–476 (`npm run bench -- --suite png` keeps measuring it against pngjs).
 *
 * Every standard variant decodes: gray, gray+alpha, RGB, RGBA and palette, bit depths 1–16,
 * interlaced (Adam7) or not. Here the result becomes the lab's 8-bit raster: 16-bit samples are
 * rounded to 8 bits, low-bit gray is scaled to 0–255, gray+alpha and palettes with transparency
 * become RGBA. The header is checked first (size guard, colour type and depth), as fast-png does
 * not refuse impossible combinations. Interlaced PNGs below 8 bits per sample, which fast-png 8.0
 * decodes wrongly, go to a small fallback (png-adam7-low-bit.ts).
 */
export function decodePng(bytes: Uint8Array, name: string): DecodedImage {
  const fail = (reason: string): never => {
    throw new DecodeError(name, reason);
  };
  const header = readHeader(bytes, fail);
  if (header.interlaced && header.bitDepth < 8) return lowBitInterlaced(bytes, header, fail);
  let png: DecodedPng;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (error) {
    return fail(decodeFailure(error));
  }
  const { width, height, depth } = png;
  if (header.colorType === 3) {
    if (!png.palette) return fail('palette PNG without a PLTE chunk');
    let rgb: Uint8Array;
    try {
      rgb = convertIndexedToRgb(png);
    } catch (error) {
      return fail(`corrupt PNG palette data (${message(error)})`);
    }
    const channels = png.palette[0]?.length === 4 ? 4 : 3;
    return { width, height, channels, data: rgb };
  }
  const samples = to8Bit(png, fail);
  if (png.channels === 2) return { width, height, channels: 4, data: grayAlphaToRgba(samples) };
  const channels = png.channels === 1 ? 1 : png.channels === 3 ? 3 : 4;
  if (depth < 8) return { width, height, channels, data: unpackGray(samples, width, height, depth) };
  return { width, height, channels, data: samples };
}

const ALLOWED_DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
const MAX_PIXELS = 100_000_000;

/** IHDR (always the first chunk): a guard against decompression bombs and impossible formats. */
function readHeader(bytes: Uint8Array, fail: (reason: string) => never) {
  if (bytes.length < 33) fail('truncated PNG (no complete IHDR chunk)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (type !== 'IHDR' || view.getUint32(8) !== 13) fail('corrupt PNG (no IHDR chunk first)');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24];
  const colorType = bytes[25];
  const interlaced = bytes[28] === 1;
  if (width === 0 || height === 0) fail('corrupt PNG (zero width or height)');
  if (width * height > MAX_PIXELS) fail(`PNG too large (${width}×${height})`);
  if (!(colorType in ALLOWED_DEPTHS)) fail(`unsupported PNG colour type ${colorType}`);
  if (!ALLOWED_DEPTHS[colorType].includes(bitDepth)) {
    fail(`unsupported PNG bit depth ${bitDepth} for colour type ${colorType}`);
  }
  return { width, height, bitDepth, colorType, interlaced };
}

/** Gray or palette at 1–4 bits, interlaced: decoded by the fallback fast-png needs there. */
function lowBitInterlaced(
  bytes: Uint8Array,
  header: ReturnType<typeof readHeader>,
  fail: (reason: string) => never,
): DecodedImage {
  const { width, height, colorType } = header;
  const depth = header.bitDepth as 1 | 2 | 4;
  const { samples, palette, transparency } = decodeLowBitAdam7(bytes, width, height, depth, fail);
  if (colorType === 0) {
    const scale = 255 / ((1 << depth) - 1);
    return { width, height, channels: 1, data: samples.map((v) => Math.round(v * scale)) };
  }
  if (!palette) return fail('palette PNG without a PLTE chunk');
  const channels = transparency ? 4 : 3;
  const out = new Uint8Array(width * height * channels);
  samples.forEach((index, i) => {
    if (index * 3 + 2 >= palette.length) fail(`corrupt PNG palette data (index ${index} out of range)`);
    out.set(palette.subarray(index * 3, index * 3 + 3), i * channels);
    if (transparency) out[i * channels + 3] = index < transparency.length ? transparency[index] : 255;
  });
  return { width, height, channels, data: out };
}

/** fast-png's errors as DecodeError reasons that say what is wrong with the file. */
function decodeFailure(error: unknown): string {
  const text = message(error);
  if (error instanceof RangeError || /outside the bounds|out of range|EOF/i.test(text)) {
    return `truncated PNG (${text})`;
  }
  const crc = /CRC mismatch for chunk (\w+)/.exec(text);
  if (crc) return `corrupt PNG (CRC mismatch in ${crc[1]})`;
  return `corrupt PNG (${text})`;
}

function message(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}

/** 16-bit samples rounded to 8 bits; 8-bit (or packed low-bit) data as it is. */
function to8Bit(png: DecodedPng, fail: (reason: string) => never): Uint8Array {
  const { data, depth } = png;
  if (depth !== 16) {
    if (!(data instanceof Uint8Array)) return fail('corrupt PNG (unexpected sample layout)');
    return data;
  }
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.round(data[i] / 257);
  return out;
}

/** Gray at 1, 2 or 4 bits (rows padded to whole bytes) as 0–255 samples. */
function unpackGray(packed: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const max = (1 << depth) - 1;
  const scale = 255 / max;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const v = (packed[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & max;
      out[y * width + x] = Math.round(v * scale);
    }
  }
  return out;
}

function grayAlphaToRgba(ga: Uint8Array): Uint8Array {
  const n = ga.length >> 1;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = ga[2 * i];
    out[4 * i + 3] = ga[2 * i + 1];
  }
  return out;
}
