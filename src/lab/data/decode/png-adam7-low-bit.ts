import { unzlibSync } from 'fflate';
import { crc32 } from '../../store/crc32';

/**
 * Interlaced (Adam7) PNGs at 1, 2 or 4 bits per sample, gray or palette: the one variant fast-png
 * 8.0 decodes wrongly (its Adam7 passes assume whole bytes per pixel, so it fails with "Unsupported
 * filter" or returns scrambled pixels). Hand-written for that reason only; every other PNG goes
 * through fast-png. Returns each pixel's raw sample (gray level or palette index), row-major, and
 * the PLTE / tRNS chunks.
 */
export function decodeLowBitAdam7(
  bytes: Uint8Array,
  width: number,
  height: number,
  depth: 1 | 2 | 4,
  fail: (reason: string) => never,
): { samples: Uint8Array; palette?: Uint8Array; transparency?: Uint8Array } {
  const chunks = readChunks(bytes, fail);
  let raw: Uint8Array;
  try {
    raw = unzlibSync(chunks.idat);
  } catch (error) {
    return fail(`corrupt PNG image data (${error instanceof Error ? error.message : String(error)})`);
  }
  const samples = new Uint8Array(width * height);
  const mask = (1 << depth) - 1;
  let offset = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rowBytes = Math.ceil((pw * depth) / 8);
    if (offset + ph * (rowBytes + 1) > raw.length) fail('truncated PNG image data');
    const rows = unfilter(raw.subarray(offset, offset + ph * (rowBytes + 1)), ph, rowBytes, fail);
    offset += ph * (rowBytes + 1);
    for (let j = 0; j < ph; j++) {
      for (let i = 0; i < pw; i++) {
        const bit = i * depth;
        const v = (rows[j * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
        samples[(y0 + j * dy) * width + x0 + i * dx] = v;
      }
    }
  }
  return { samples, palette: chunks.palette, transparency: chunks.transparency };
}

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

function readChunks(bytes: Uint8Array, fail: (reason: string) => never) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  for (let pos = 8; ;) {
    if (pos + 8 > bytes.length) fail('truncated PNG (missing IEND chunk)');
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const end = pos + 8 + length;
    if (end + 4 > bytes.length) fail(`truncated PNG (${type} chunk cut short)`);
    if (crc32(bytes.subarray(pos + 4, end)) !== view.getUint32(end))
      fail(`corrupt PNG (CRC mismatch in ${type})`);
    const data = bytes.subarray(pos + 8, end);
    if (type === 'IDAT') idat.push(data);
    else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IEND') break;
    pos = end + 4;
  }
  if (idat.length === 0) fail('corrupt PNG (no IDAT chunk)');
  const joined = new Uint8Array(idat.reduce((n, p) => n + p.length, 0));
  idat.reduce((at, part) => (joined.set(part, at), at + part.length), 0);
  return { idat: joined, palette, transparency };
}

/** PNG's row filters (None, Sub, Up, Average, Paeth) at one byte per pixel, as sub-byte samples use. */
function unfilter(raw: Uint8Array, height: number, rowBytes: number, fail: (reason: string) => never) {
  const out = new Uint8Array(height * rowBytes);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const cur = y * rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= 1 ? out[cur + x - 1] : 0;
      const b = y > 0 ? out[cur - rowBytes + x] : 0;
      const c = x >= 1 && y > 0 ? out[cur - rowBytes + x - 1] : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) fail(`corrupt PNG (unknown row filter ${filter})`);
      out[cur + x] = (raw[src + x] + predicted) & 0xff;
    }
  }
  return out;
}
