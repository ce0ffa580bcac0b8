import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { BenchRow } from '../types';
import { decodePng } from '../../src/lab/data/decode/png';
import {
  encodePngjs,
  encodeRawPng,
  gradientRgb,
  SHARED_DATASETS,
} from '../../src/lab/test-support/import-fixtures';

/**
 * PNG decoding, µs per image: the lab's decoder (fast-png, CRCs checked, converted to the lab's
 * 8-bit raster) next to pngjs (Node only, Buffer and zlib based) on the same files: AT&T's gray
 * faces when ../shared is there, and generated RGB / RGBA / Adam7 images of face-dataset sizes.
 */
export async function runPngDecodeBench(opts: { quick: boolean }): Promise<BenchRow[]> {
  const minMs = opts.quick ? 300 : 1500;
  const rows: BenchRow[] = [];
  for (const [name, files] of cases()) {
    const row = (decoder: string, ms: number) =>
      rows.push({
        suite: 'png',
        model: name,
        backend: decoder,
        env: 'node',
        metric: 'decode_us_per_image',
        value: Math.round((ms / files.length) * 1000),
        unit: 'µs',
      });
    row(
      'lab (fast-png)',
      time(() => files.forEach((f) => decodePng(f, 'bench.png')), minMs),
    );
    row(
      'pngjs',
      time(() => files.forEach((f) => PNG.sync.read(Buffer.from(f))), minMs),
    );
  }
  return rows;
}

function cases(): [string, Uint8Array[]][] {
  const out: [string, Uint8Array[]][] = [];
  const att = join(SHARED_DATASETS, 'att-faces', 's1');
  if (existsSync(att)) {
    const files = readdirSync(att).map((f) => new Uint8Array(readFileSync(join(att, f))));
    out.push(['AT&T 92×112 gray', files]);
  }
  out.push(
    ['64×64 RGB', [encodePngjs(64, 64, noisyRgba(64, 64), 2)]],
    ['178×218 RGB (CelebA size)', [encodePngjs(178, 218, noisyRgba(178, 218), 2)]],
    ['256×256 RGBA', [encodePngjs(256, 256, noisyRgba(256, 256), 6)]],
    [
      '64×64 RGB Adam7',
      [
        encodeRawPng({
          width: 64,
          height: 64,
          colorType: 2,
          bitDepth: 8,
          samples: [...gradientRgb(64, 64, 1)],
          interlace: true,
        }),
      ],
    ],
  );
  return out;
}

/** A gradient with pixel noise, so the PNG compresses like a photo rather than a flat image. */
function noisyRgba(width: number, height: number): Uint8Array {
  const rgb = gradientRgb(width, height, 3);
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++)
      out[4 * i + c] = rgb[3 * i + c] ^ ((Math.imul(4 * i + c, 2654435761) >>> 27) & 0xff);
    out[4 * i + 3] = 255;
  }
  return out;
}

/** Mean ms per call after a warm-up, over at least `minMs`. */
function time(fn: () => void, minMs: number): number {
  for (let i = 0; i < 10; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    n++;
  }
  return (performance.now() - start) / n;
}
