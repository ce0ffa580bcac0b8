import { describe, expect, it } from 'vitest';
import { isCancelled, type JobContext, type Progress } from '../../jobs/job';
import { MemoryDatasetStore } from '../../store/memory-store';
import type { DatasetStore } from '../../store/types';
import { SPLIT_CODE } from '../types';
import { zipSync } from 'fflate';
import { importDataset, planImport } from './formats';
import { runImport } from './import-pipeline';
import { importReportCsv, importReportJson } from './import-report';
import { summarisePlan } from './import-preview';
import { ZipFileSource } from './zip-file-source';
import { encodeJpeg, encodePgm, memorySource } from '../../test-support/import-fixtures';
import type { ImportPlan } from './types';

function utkFiles(n: number, races = 5): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const jpeg = encodeJpeg(24, 24, 1);
  for (let i = 0; i < n; i++) files[`img/${20 + (i % 50)}_${i % 2}_${i % races}_${1000 + i}.jpg`] = jpeg;
  return files;
}

describe('import pipeline', () => {
  it('writes several shards, reports progress and gives the same split on re-import', async () => {
    const store = new MemoryDatasetStore();
    const progress: Progress[] = [];
    const job: JobContext = { signal: new AbortController().signal, report: (p) => progress.push(p) };
    const source = memorySource(utkFiles(100), 'utk');
    const a = await importDataset('utkface', source, store, { id: 'a', size: 16, shardSize: 32 }, job);
    expect(a.manifest.nShards).toBe(4);
    expect((await store.shard('a', 3)).n).toBe(4);
    expect(progress.at(-1)).toMatchObject({ phase: 'import', done: 100, total: 100 });
    expect(progress.some((p) => p.etaSeconds !== null)).toBe(true);
    const b = await importDataset('utkface', source, store, { id: 'b', size: 16, shardSize: 32 });
    for (let s = 0; s < 4; s++)
      expect((await store.shard('b', s)).split).toEqual((await store.shard('a', s)).split);
    expect(a.manifest.split.counts).toEqual(b.manifest.split.counts);
  });

  it('warns when a sensitive attribute has one group only', async () => {
    const store = new MemoryDatasetStore();
    const { manifest } = await importDataset('utkface', memorySource(utkFiles(40, 1)), store, { size: 16 });
    expect(manifest.warnings.join('\n')).toMatch(/"race" has one group only \("white"\)/);
  });

  it('cancel aborts the writer: nothing is listed', async () => {
    const store = new MemoryDatasetStore();
    const controller = new AbortController();
    const job: JobContext = {
      signal: controller.signal,
      report: (p) => p.phase === 'import' && p.done >= 16 && controller.abort(),
    };
    const error = await importDataset(
      'utkface',
      memorySource(utkFiles(100)),
      store,
      { size: 16, shardSize: 16 },
      job,
    ).catch((e) => e);
    expect(isCancelled(error)).toBe(true);
    expect(await store.list()).toEqual([]);
    expect(await store.sweepIncomplete()).toBe(0);
  });

  it('a quota error from the store aborts the write and rethrows a clear error', async () => {
    const inner = new MemoryDatasetStore();
    let aborted = false;
    const store: DatasetStore = Object.assign(Object.create(inner), {
      create: async (id: string) => {
        const writer = await inner.create(id);
        return {
          id,
          putShard: async () => {
            throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
          },
          commit: writer.commit,
          abort: async () => {
            aborted = true;
            await writer.abort();
          },
        };
      },
    });
    const error = await importDataset('utkface', memorySource(utkFiles(20)), store, { size: 16 }).catch(
      (e) => e,
    );
    expect(error.name).toBe('QuotaExceededError');
    expect(error.message).toMatch(/Ran out of storage space .* nothing was saved/);
    expect(aborted).toBe(true);
    expect(await inner.list()).toEqual([]);
  });

  it('auto-detects gray sources and stores 1 channel', async () => {
    const gray = encodePgm(
      10,
      12,
      Array.from({ length: 120 }, (_, i) => i),
    );
    const files: Record<string, Uint8Array> = {};
    for (let s = 1; s <= 4; s++) for (let k = 1; k <= 3; k++) files[`s${s}/${k}.pgm`] = gray;
    const { manifest } = await importDataset('folder', memorySource(files), new MemoryDatasetStore(), {
      size: 16,
    });
    expect(manifest.image.channels).toBe(1);
    expect(manifest.bytes).toBe(12 * 16 * 16);
  });

  it('refuses a plan with no importable image, before writing', async () => {
    const store = new MemoryDatasetStore();
    const plan: ImportPlan = {
      format: 'test',
      records: [],
      skipped: [{ file: 'x.jpg', reason: 'bad name' }],
      categorical: [],
      numeric: [],
      targets: [],
      split: { kind: 'stratified', by: [] },
      warnings: [],
    };
    await expect(runImport(plan, memorySource({}), store)).rejects.toThrow(
      /No importable images .*x\.jpg: bad name/,
    );
    expect(await store.sweepIncomplete()).toBe(0);
  });

  it('skips values outside a fixed vocabulary and writes the report', async () => {
    const jpeg = encodeJpeg(16, 16);
    const plan: ImportPlan = {
      format: 'test',
      records: [
        ...Array.from({ length: 6 }, (_, i) => ({
          file: `${i}.jpg`,
          categorical: { g: i % 2 ? 'a' : 'b' },
          numeric: {},
        })),
        { file: 'odd.jpg', categorical: { g: 'zzz' }, numeric: {}, line: 9 },
      ],
      skipped: [],
      categorical: [{ name: 'g', sensitive: true, values: ['a', 'b'] }],
      numeric: [],
      targets: ['g'],
      split: { kind: 'stratified', by: ['g'] },
      warnings: [],
    };
    const files = Object.fromEntries(plan.records.map((r) => [r.file, jpeg]));
    const result = await runImport(plan, memorySource(files), new MemoryDatasetStore(), { size: 16 });
    expect(result.manifest.nImages).toBe(6);
    expect(result.skipped).toEqual([{ file: 'odd.jpg', line: 9, reason: 'unknown g "zzz"' }]);
    expect(importReportCsv(result)).toBe('file,line,reason\nodd.jpg,9,"unknown g ""zzz"""\n');
    expect(importReportJson(result)).toMatchObject({
      n_images: 6,
      n_skipped: 1,
      counts: { g: { a: 3, b: 3 } },
    });
  });

  it('uses SPLIT_CODE values in shards', async () => {
    const store = new MemoryDatasetStore();
    await importDataset('utkface', memorySource(utkFiles(50)), store, { id: 'c', size: 16 });
    const codes = new Set((await store.shard('c', 0)).split);
    expect([...codes].sort()).toEqual([SPLIT_CODE.train, SPLIT_CODE.val, SPLIT_CODE.test]);
  });

  it('the preview says what the import does: same counts, skips and ignored files; only decoding differs', async () => {
    const files: Record<string, Uint8Array | string> = utkFiles(12);
    files['img/notes.txt'] = 'photographer notes';
    files['img/bad_name.jpg'] = encodeJpeg(8, 8);
    const whole = encodeJpeg(24, 24, 3);
    files['img/44_1_3_20170101000000099.jpg'] = whole.subarray(0, whole.length - 40); // truncated
    const source = memorySource(files, 'utk');
    const plan = await planImport('utkface', source);
    const preview = summarisePlan(plan, {}, source);
    expect(preview.nImages).toBe(13);
    expect(preview.nSkipped).toBe(1);
    expect(preview.skipped[0]).toMatchObject({ file: 'img/bad_name.jpg' });
    expect(preview.ignored).toEqual([{ file: 'img/notes.txt', reason: 'not an image or a label file' }]);

    const result = await runImport(plan, source, new MemoryDatasetStore(), { size: 16 });
    // Everything the preview announced, plus the one file only decoding can find.
    expect(result.manifest.nImages).toBe(preview.nImages - 1);
    expect(result.skipped.slice(0, preview.nSkipped)).toEqual(preview.skipped);
    expect(result.skipped[preview.nSkipped]).toMatchObject({
      file: 'img/44_1_3_20170101000000099.jpg',
      reason: expect.stringMatching(/^truncated JPEG/),
    });
    expect(result.ignored).toEqual(preview.ignored);
    expect(preview.labelCounts.race).toEqual({ white: 3, black: 3, asian: 2, indian: 3, others: 2 });
    const report = importReportJson(result);
    expect(report).toMatchObject({ n_images: 12, n_skipped: 2, n_ignored: 1 });
    expect(importReportCsv(result).trim().split('\n').at(-1)).toBe(
      'img/notes.txt,,ignored: not an image or a label file',
    );
  });

  it('the preview counts identities the split drops, as the import does', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let s = 1; s <= 6; s++)
      for (let k = 1; k <= (s === 6 ? 2 : 4); k++)
        files[`s${s}/${k}.pgm`] = encodePgm(4, 4, new Array(16).fill(s * 9));
    const source = memorySource(files);
    const plan = await planImport('folder', source);
    const preview = summarisePlan(plan, {}, source);
    const result = await runImport(plan, source, new MemoryDatasetStore(), { size: 16 });
    expect(preview.nImages).toBe(20);
    expect(result.manifest.nImages).toBe(20);
    expect(preview.nSkipped).toBe(2);
    expect(result.skipped).toEqual(preview.skipped);
  });

  it('small-group warnings leave out empty groups (an age band no image has)', async () => {
    const { manifest } = await importDataset(
      'utkface',
      memorySource(utkFiles(40)),
      new MemoryDatasetStore(),
      {
        size: 16,
        minGroupCount: 10,
      },
    );
    // Ages 20–59 only: 0-2, 3-9, 10-19, 60-69 and 70+ have no image and are not "small".
    expect(manifest.counts.age_band['0-2']).toBe(0);
    const warning = manifest.warnings.find((w) => w.startsWith('"age_band" has groups under'));
    expect(warning).toBeUndefined();
    const race = manifest.warnings.find((w) => w.startsWith('"race" has groups under 10 images'));
    expect(race).toBe(
      '"race" has groups under 10 images: white (8), black (8), asian (8), indian (8), others (8); their metrics are noisy.',
    );
  });

  it('reads a zip in its own entry order, whatever order the labels come in', async () => {
    const files = utkFiles(30);
    const names = Object.keys(files).reverse(); // the archive's order: reverse of sorted
    const zip = zipSync(Object.fromEntries(names.map((n) => [n, files[n]])));
    const reads: string[] = [];
    const inner = new ZipFileSource(zip, 'utk.zip');
    const source = {
      ...inner,
      name: inner.name,
      list: () => inner.list(),
      readOrder: (p: readonly string[]) => inner.readOrder(p),
      read: (p: string) => (reads.push(p), inner.read(p)),
    };
    const { manifest } = await importDataset('utkface', source, new MemoryDatasetStore(), { size: 16 });
    expect(manifest.nImages).toBe(30);
    expect(reads).toEqual(names);
  });
});
