import { unzlibSync } from 'fflate';
import { crc32 } from './crc32';
import { DecodeError, type DecodedImage } from './types';

/**
 * A pure PNG decoder on top of fflate's inflate, so it runs in the Worker without Buffer.
 * Handles every standard variant: gray, gray+alpha, RGB, RGBA and palette, bit depths 1–16,
 * interlaced (Adam7) or not. 16-bit samples are rounded to 8 bits. Gray+alpha and palettes
 * with transparency decode to RGBA; CRCs are checked.
 */
export function decodePng(bytes: Uint8Array, name: string): DecodedImage {
  const fail = (reason: string): never => {
    throw new DecodeError(name, reason);
  };
  const chunks = readChunks(bytes, fail);
  const header = parseHeader(chunks.ihdr, fail);
  const { width, height, colorType, bitDepth } = header;
  if (colorType === 3 && !chunks.palette) fail('palette PNG without a PLTE chunk');
  let raw: Uint8Array;
  try {
    raw = unzlibSync(concat(chunks.idat));
  } catch (error) {
    return fail(`corrupt PNG image data (${error instanceof Error ? error.message : String(error)})`);
  }
  const samples = SAMPLES_PER_PIXEL[colorType];
  const alphaPalette = colorType === 3 && chunks.transparency !== undefined;
  const channels: 1 | 3 | 4 =
    colorType === 0 ? 1 : colorType === 2 || (colorType === 3 && !alphaPalette) ? 3 : 4;
  const out = new Uint8Array(width * height * channels);
  const scale = bitDepth < 8 && colorType !== 3 ? 255 / ((1 << bitDepth) - 1) : 1;
  const sample = (row: Uint8Array, x: number, s: number): number => {
    if (bitDepth === 8) return row[x * samples + s];
    if (bitDepth === 16) {
      const i = 2 * (x * samples + s);
      return Math.round(((row[i] << 8) | row[i + 1]) / 257);
    }
    const bit = x * bitDepth;
    return ((row[bit >> 3] >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1)) * scale;
  };
  const palette = chunks.palette;
  const trns = chunks.transparency;
  const passes = header.interlace ? ADAM7 : [[0, 0, 1, 1]];
  let offset = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rowBytes = Math.ceil((pw * samples * bitDepth) / 8);
    const rows = unfilter(raw, offset, ph, rowBytes, Math.max(1, (samples * bitDepth) >> 3), fail);
    offset += ph * (rowBytes + 1);
    for (let j = 0; j < ph; j++) {
      const row = rows.subarray(j * rowBytes, (j + 1) * rowBytes);
      for (let i = 0; i < pw; i++) {
        const o = ((y0 + j * dy) * width + x0 + i * dx) * channels;
        if (colorType === 3) {
          const index = sample(row, i, 0);
          if (index * 3 + 2 >= palette!.length) fail(`palette index ${index} out of range`);
          out[o] = palette![index * 3];
          out[o + 1] = palette![index * 3 + 1];
          out[o + 2] = palette![index * 3 + 2];
          if (channels === 4) out[o + 3] = index < trns!.length ? trns![index] : 255;
        } else if (colorType === 4) {
          const gray = sample(row, i, 0);
          out[o] = out[o + 1] = out[o + 2] = gray;
          out[o + 3] = sample(row, i, 1);
        } else {
          for (let s = 0; s < channels; s++) out[o + s] = sample(row, i, s);
        }
      }
    }
  }
  if (offset > raw.length) fail('truncated PNG image data');
  return { width, height, channels, data: out };
}

const SAMPLES_PER_PIXEL: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ALLOWED_DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
/** Adam7 passes: [x0, y0, dx, dy]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];
const MAX_PIXELS = 100_000_000;

interface PngChunks {
  ihdr: Uint8Array;
  idat: Uint8Array[];
  palette?: Uint8Array;
  transparency?: Uint8Array;
}

function readChunks(bytes: Uint8Array, fail: (reason: string) => never): PngChunks {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Partial<PngChunks> & { idat: Uint8Array[] } = { idat: [] };
  let pos = 8;
  let ended = false;
  while (!ended) {
    if (pos + 8 > bytes.length) fail('truncated PNG (missing IEND chunk)');
    const length = view.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]);
    const end = pos + 8 + length;
    if (end + 4 > bytes.length) fail(`truncated PNG (${type} chunk cut short)`);
    if (crc32(bytes, pos + 4, end) !== view.getUint32(end)) fail(`corrupt PNG (CRC mismatch in ${type})`);
    const data = bytes.subarray(pos + 8, end);
    if (type === 'IHDR') chunks.ihdr = data;
    else if (type === 'IDAT') chunks.idat.push(data);
    else if (type === 'PLTE') chunks.palette = data;
    else if (type === 'tRNS') chunks.transparency = data;
    else if (type === 'IEND') ended = true;
    pos = end + 4;
  }
  if (!chunks.ihdr) fail('corrupt PNG (no IHDR chunk)');
  if (chunks.idat.length === 0) fail('corrupt PNG (no IDAT chunk)');
  return chunks as PngChunks;
}

function parseHeader(ihdr: Uint8Array, fail: (reason: string) => never) {
  if (ihdr.length !== 13) fail('corrupt PNG (bad IHDR length)');
  const view = new DataView(ihdr.buffer, ihdr.byteOffset, 13);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [bitDepth, colorType, compression, filter, interlace] = ihdr.subarray(8, 13);
  if (width === 0 || height === 0) fail('corrupt PNG (zero width or height)');
  if (width * height > MAX_PIXELS) fail(`PNG too large (${width}×${height})`);
  if (!(colorType in ALLOWED_DEPTHS)) fail(`unsupported PNG colour type ${colorType}`);
  if (!ALLOWED_DEPTHS[colorType].includes(bitDepth)) {
    fail(`unsupported PNG bit depth ${bitDepth} for colour type ${colorType}`);
  }
  if (compression !== 0 || filter !== 0) fail('unsupported PNG compression or filter method');
  if (interlace > 1) fail(`unsupported PNG interlace method ${interlace}`);
  return { width, height, bitDepth, colorType, interlace: interlace === 1 };
}

/** Reverses PNG's per-row filters (None, Sub, Up, Average, Paeth). */
function unfilter(
  raw: Uint8Array,
  offset: number,
  height: number,
  rowBytes: number,
  bpp: number,
  fail: (reason: string) => never,
): Uint8Array {
  if (offset + height * (rowBytes + 1) > raw.length) fail('truncated PNG image data');
  const out = new Uint8Array(height * rowBytes);
  for (let y = 0; y < height; y++) {
    const filter = raw[offset + y * (rowBytes + 1)];
    const src = offset + y * (rowBytes + 1) + 1;
    const cur = y * rowBytes;
    const prev = cur - rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? out[cur + x - bpp] : 0;
      const b = y > 0 ? out[prev + x] : 0;
      const c = x >= bpp && y > 0 ? out[prev + x - bpp] : 0;
      let predicted: number;
      switch (filter) {
        case 0:
          predicted = 0;
          break;
        case 1:
          predicted = a;
          break;
        case 2:
          predicted = b;
          break;
        case 3:
          predicted = (a + b) >> 1;
          break;
        case 4:
          predicted = paeth(a, b, c);
          break;
        default:
          return fail(`corrupt PNG (unknown row filter ${filter})`);
      }
      out[cur + x] = (raw[src + x] + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}
