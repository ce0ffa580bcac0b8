import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Uint8ArrayReader, ZipWriter, configure } from '@zip.js/zip.js';
import type { BenchRow } from '../types';
import { encodeJpeg } from '../../src/lab/test-support/import-fixtures';

/** CelebA's own count: img_align_celeba.zip holds 202,599 images. */
const FULL_ENTRIES = 202_599;
/** Quick mode: still past the 65,535 entries a plain zip can count, so the archive is Zip64. */
const QUICK_ENTRIES = 70_000;
const ATTRIBUTES = ['5_o_Clock_Shadow', 'Male', 'Smiling', 'Young'];

/**
 * Archive import at CelebA's size, in Node, through the real pipeline: the bench writes a Zip64
 * archive of N tiny JPEGs with zip.js, in CelebA's own layout (Img/img_align_celeba.zip beside
 * Anno/list_attr_celeba.txt, identity_CelebA.txt and Eval/list_eval_partition.txt), then a child
 * process imports the folder as `lab import --format celeba --path DIR --size 16` does
 * (openPathSource + importDataset + FsDatasetStore) and reports throughput and peak memory. The
 * child keeps the generator's memory out of the figures.
 */
export async function runArchiveImportBench(opts: { quick: boolean }): Promise<BenchRow[]> {
  const n = opts.quick ? QUICK_ENTRIES : FULL_ENTRIES;
  const dir = await mkdtemp(join(tmpdir(), 'lab-archive-bench-'));
  try {
    const t0 = performance.now();
    const zipPath = await writeCelebaLayout(dir, n);
    const writeSeconds = (performance.now() - t0) / 1000;
    const zipBytes = (await stat(zipPath)).size;
    if (!(await hasZip64Directory(zipPath))) throw new Error('the generated archive is not Zip64');
    console.log(
      `   wrote ${n} entries (${(zipBytes / 1e6).toFixed(0)} MB, Zip64) in ${writeSeconds.toFixed(0)} s`,
    );
    const child = await importInChild(dir, join(dir, 'store'));
    if (child.n_images + child.n_skipped !== n) {
      throw new Error(`imported ${child.n_images} + skipped ${child.n_skipped}, expected ${n}`);
    }
    const model = `${n} entries, Zip64, 32 px JPEG → 16 px`;
    const row = (metric: string, value: number, unit: string): BenchRow => ({
      suite: 'archive-import',
      model,
      backend: 'zip.js + papaparse',
      env: 'node',
      metric,
      value: Math.round(value * 10) / 10,
      unit,
    });
    const importS = child.plan_s + child.import_s;
    return [
      row('plan_s', child.plan_s, 's'),
      row('import_s', child.import_s, 's'),
      row('entries_per_s', n / importS, 'entries/s'),
      row('archive_mb_per_s', zipBytes / 1e6 / importS, 'MB/s'),
      row('peak_rss_mb', child.peak_rss_mb, 'MB'),
      row('peak_heap_mb', child.peak_heap_mb, 'MB'),
      row('rss_before_mb', child.rss_before_mb, 'MB'),
      row('live_heap_planned_mb', child.live_heap_planned_mb, 'MB'),
      row('live_heap_end_mb', child.live_heap_end_mb, 'MB'),
      row('write_archive_s', writeSeconds, 's'),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the archive and the three label files; returns the archive's path. */
async function writeCelebaLayout(dir: string, n: number): Promise<string> {
  configure({ useWebWorkers: false });
  await mkdir(join(dir, 'celeba', 'Img'), { recursive: true });
  await mkdir(join(dir, 'celeba', 'Anno'), { recursive: true });
  await mkdir(join(dir, 'celeba', 'Eval'), { recursive: true });
  const zipPath = join(dir, 'celeba', 'Img', 'img_align_celeba.zip');
  const variants = Array.from({ length: 16 }, (_, k) => encodeJpeg(32, 32, k, 80));
  const writer = new ZipWriter(Writable.toWeb(createWriteStream(zipPath)), { keepOrder: true });
  const attr = [String(n), ATTRIBUTES.join(' ')];
  const ids: string[] = [];
  const parts: string[] = [];
  for (let i = 1; i <= n; i++) {
    const name = `${String(i).padStart(6, '0')}.jpg`;
    await writer.add(`img_align_celeba/${name}`, new Uint8ArrayReader(variants[i % 16]));
    const value = (k: number) => ((i >> k) & 1 ? ' 1' : '-1');
    attr.push(`${name} ${ATTRIBUTES.map((_, k) => value(k)).join(' ')}`);
    ids.push(`${name} ${1 + (i % 10_177)}`);
    parts.push(`${name} ${i % 10 === 0 ? 2 : i % 10 === 1 ? 1 : 0}`);
  }
  await writer.close();
  await writeFile(join(dir, 'celeba', 'Anno', 'list_attr_celeba.txt'), attr.join('\n') + '\n');
  await writeFile(join(dir, 'celeba', 'Anno', 'identity_CelebA.txt'), ids.join('\n') + '\n');
  await writeFile(join(dir, 'celeba', 'Eval', 'list_eval_partition.txt'), parts.join('\n') + '\n');
  return zipPath;
}

/** True when the archive ends with a Zip64 end-of-central-directory record and locator. */
async function hasZip64Directory(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tail = Buffer.alloc(Math.min(size, 256));
    await file.read(tail, 0, tail.length, size - tail.length);
    return (
      tail.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])) &&
      tail.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))
    );
  } finally {
    await file.close();
  }
}

interface ChildFigures {
  n_images: number;
  n_skipped: number;
  plan_s: number;
  import_s: number;
  peak_rss_mb: number;
  peak_heap_mb: number;
  rss_before_mb: number;
  live_heap_planned_mb: number;
  live_heap_end_mb: number;
}

function importInChild(dir: string, store: string): Promise<ChildFigures> {
  const args = [
    '--expose-gc',
    '--import',
    'tsx',
    'bench/archive-import-child.ts',
    join(dir, 'celeba'),
    store,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`import child exited with ${code}: ${last}`));
      try {
        resolve(JSON.parse(last) as ChildFigures);
      } catch {
        reject(new Error(`import child printed no figures: ${last}`));
      }
    });
  });
}
