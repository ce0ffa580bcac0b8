/** Node-only helpers for the import tests: synthetic images, PNG variants and temp folders. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zlibSync } from 'fflate';
import { encode as encodeJpegRaw } from 'jpeg-js';
import { PNG } from 'pngjs';
import { crc32 } from '../store/crc32';
import type { FileSource } from '../data/import/file-source';

/** A width×height RGB gradient that differs per `seed`. */
export function gradientRgb(width: number, height: number, seed = 0): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = (x * 7 + seed * 31) & 0xff;
      data[o + 1] = (y * 5 + seed * 17) & 0xff;
      data[o + 2] = (x + y + seed * 11) & 0xff;
    }
  }
  return data;
}

export function encodeJpeg(width: number, height: number, seed = 0, quality = 95): Uint8Array {
  const rgb = gradientRgb(width, height, seed);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(rgb.subarray(3 * i, 3 * i + 3), 4 * i);
    rgba[4 * i + 3] = 255;
  }
  return new Uint8Array(encodeJpegRaw({ width, height, data: rgba }, quality).data);
}

/** PNG via pngjs: colorType 0 gray, 2 RGB, 6 RGBA, from RGBA input. */
export function encodePngjs(
  width: number,
  height: number,
  rgba: Uint8Array,
  colorType: 0 | 2 | 6,
): Uint8Array {
  const png = new PNG({ width, height, colorType, inputColorType: 6, inputHasAlpha: true });
  png.data = Buffer.from(rgba);
  return new Uint8Array(PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true }));
}

export interface RawPngOptions {
  width: number;
  height: number;
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** Samples per pixel row-major, at full bit depth (e.g. 0–65535 for 16-bit). */
  samples: number[];
  palette?: number[];
  transparency?: number[];
  interlace?: boolean;
}

const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** A minimal PNG encoder (filter None) for variants pngjs cannot write: palette, low bit depth, Adam7. */
export function encodeRawPng(o: RawPngOptions): Uint8Array {
  const spp = SAMPLES[o.colorType];
  const passes = o.interlace ? ADAM7 : [[0, 0, 1, 1]];
  const bytes: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((o.width - x0) / dx);
    const ph = Math.ceil((o.height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    for (let j = 0; j < ph; j++) {
      bytes.push(0);
      const row: number[] = [];
      for (let i = 0; i < pw; i++) {
        const p = (y0 + j * dy) * o.width + x0 + i * dx;
        for (let s = 0; s < spp; s++) row.push(o.samples[p * spp + s]);
      }
      bytes.push(...packRow(row, o.bitDepth));
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, o.width);
  view.setUint32(4, o.height);
  ihdr.set([o.bitDepth, o.colorType, 0, 0, o.interlace ? 1 : 0], 8);
  const chunks = [chunk('IHDR', ihdr)];
  if (o.palette) chunks.push(chunk('PLTE', Uint8Array.from(o.palette)));
  if (o.transparency) chunks.push(chunk('tRNS', Uint8Array.from(o.transparency)));
  chunks.push(chunk('IDAT', zlibSync(Uint8Array.from(bytes))), chunk('IEND', new Uint8Array(0)));
  return concat([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function packRow(samples: number[], depth: number): number[] {
  if (depth === 8) return samples;
  if (depth === 16) return samples.flatMap((v) => [v >> 8, v & 0xff]);
  const out = new Array(Math.ceil((samples.length * depth) / 8)).fill(0);
  samples.forEach((v, i) => {
    const bit = i * depth;
    out[bit >> 3] |= v << (8 - depth - (bit & 7));
  });
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

export function encodePgm(
  width: number,
  height: number,
  gray: ArrayLike<number>,
  ascii = false,
  maxval = 255,
): Uint8Array {
  const header = `${ascii ? 'P2' : 'P5'}\n# test image\n${width} ${height}\n${maxval}\n`;
  if (ascii) return new TextEncoder().encode(header + Array.from(gray).join(' ') + '\n');
  const wide = maxval > 255;
  const body = new Uint8Array(gray.length * (wide ? 2 : 1));
  for (let i = 0; i < gray.length; i++) {
    if (wide) body.set([gray[i] >> 8, gray[i] & 0xff], 2 * i);
    else body[i] = gray[i];
  }
  return concat([new TextEncoder().encode(header), body]);
}

/** A temp folder populated with `files` (path → bytes or text); returns its path and a cleanup. */
export async function writeTree(
  files: Record<string, Uint8Array | string>,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lab-import-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** ../shared/datasets next to the repository (absent on some machines: tests skip). */
export const SHARED_DATASETS = fileURLToPath(new URL('../../../../shared/datasets', import.meta.url));

/** An in-memory FileSource (path → bytes or text). */
export function memorySource(files: Record<string, Uint8Array | string>, name = 'memory'): FileSource {
  const enc = new TextEncoder();
  return {
    name,
    list: async () => Object.keys(files).sort(),
    read: async (path) => {
      const v = files[path];
      if (v === undefined) throw new Error(`No such file: ${path}`);
      return typeof v === 'string' ? enc.encode(v) : v;
    },
  };
}
