import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'vite';
import type { BenchRow } from '../types';
import type { PhaseMemory, StreamingResult } from '../browser/streaming/main';

/** Flat memory: the JS heap after the epoch (after a GC) within this of the start, and no tensors left. */
const MAX_HEAP_GROWTH_MB = 50;

/**
 * Dataset streaming in headless Chromium with the real IndexedDB (issue 4): imports a synthetic
 * 64×64×3 dataset (100,000 images; 10,000 with --quick) through IdbDatasetStore, streams one
 * shuffled epoch with streamBatches while sampling the JS heap and tf.memory().numTensors, and
 * trains the reference CNN on wasm from the stream for the consumption rate. Serves
 * bench/browser/streaming/ with Vite on 127.0.0.1; a persistent profile in a temporary directory
 * keeps IndexedDB on disk (Playwright's default contexts are incognito, i.e. in memory).
 */
export async function runStreamingChromiumBench(options: {
  quick: boolean;
  notes?: string[];
}): Promise<BenchRow[]> {
  const notes = options.notes ?? [];
  const note = (line: string) => {
    notes.push(line);
    console.log(`   note: ${line}`);
  };
  const server = await createServer({
    root: resolve(process.cwd(), 'bench/browser/streaming'),
    configFile: false,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, fs: { allow: [process.cwd()] } },
    cacheDir: join(tmpdir(), 'fairness-lab-bench-streaming-vite'),
  });
  await server.listen();
  const profile = mkdtempSync(join(tmpdir(), 'fairness-lab-bench-streaming-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') note(`chromium console: ${m.text().slice(0, 160)}`);
      else if (m.text().startsWith('[streaming]')) console.log(`   ${m.text()}`);
    });
    const url = new URL(server.resolvedUrls!.local[0]);
    url.searchParams.set('n', process.env.BENCH_STREAMING_N || String(options.quick ? 10_000 : 100_000));
    // Logs every memory sample.
    if (process.env.BENCH_STREAMING_TRACE) url.searchParams.set('trace', '1');
    url.searchParams.set('steps', options.quick ? '1,3' : '2,8');
    await page.goto(url.toString());
    const timeout = options.quick ? 120_000 : 900_000;
    await page
      .waitForFunction(
        () => (window as unknown as { streamingResult?: { done: boolean } }).streamingResult?.done,
        null,
        { timeout, polling: 500 },
      )
      .catch(() => note(`streaming-chromium: stopped after ${timeout / 1000} s`));
    const result = (await page.evaluate(
      () => (window as unknown as { streamingResult: unknown }).streamingResult,
    )) as StreamingResult;
    if (result.error) note(`streaming-chromium: failed in the page (${result.error})`);
    if (!result.gcExposed) note('streaming-chromium: no window.gc; start/end heap taken without a forced GC');
    return toRows(result);
  } catch (error) {
    note(
      `streaming-chromium: incomplete (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
    return [];
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function toRows(r: StreamingResult): BenchRow[] {
  const rows: BenchRow[] = [];
  const row = (metric: string, value: number, unit?: string) =>
    rows.push({
      suite: 'streaming',
      model: 'idb-64x64x3',
      backend: 'idb',
      env: 'chromium',
      metric,
      value,
      unit,
    });
  if (!r.nImages || !r.bytes) return rows;
  const mb = r.bytes / 1e6;
  row('images', r.nImages);
  if (r.writeSeconds) {
    row('write_images_per_s', round(r.nImages / r.writeSeconds), 'img/s');
    row('write_mb_per_s', round(mb / r.writeSeconds), 'MB/s');
  }
  if (r.importMemory) row('import_heap_growth_mb', heapGrowth(r.importMemory), 'MB');
  let streamImagesPerS = 0;
  if (r.streamSeconds) {
    streamImagesPerS = r.nImages / r.streamSeconds;
    row('stream_images_per_s', round(streamImagesPerS), 'img/s');
    row('stream_mb_per_s', round(mb / r.streamSeconds), 'MB/s');
  }
  if (r.streamMemory) {
    const m = r.streamMemory;
    row('heap_start_mb', round(m.start.heapMb), 'MB');
    row('heap_peak_mb', round(m.peak.heapMb), 'MB');
    row('heap_end_mb', round(m.end.heapMb), 'MB');
    row('heap_growth_mb', heapGrowth(m), 'MB');
    row('tensor_growth', m.end.numTensors - m.start.numTensors, 'tensors');
    row('tensor_peak_over_start', m.peak.numTensors - m.start.numTensors, 'tensors');
    const flat = heapGrowth(m) < MAX_HEAP_GROWTH_MB && m.end.numTensors === m.start.numTensors;
    const importFlat = !r.importMemory || heapGrowth(r.importMemory) < MAX_HEAP_GROWTH_MB;
    row('flat_memory_pass', flat && importFlat ? 1 : 0);
    console.log(
      `   ${flat && importFlat ? 'PASS' : 'FAIL'} flat memory over a ${r.nImages}-image epoch (${m.samples} samples): ` +
        `heap ${fmt(m.start.heapMb)} → peak ${fmt(m.peak.heapMb)} → end ${fmt(m.end.heapMb)} MB ` +
        `(growth ${heapGrowth(m)} MB, limit < ${MAX_HEAP_GROWTH_MB}); ` +
        `tensors ${m.start.numTensors} → peak ${m.peak.numTensors} → end ${m.end.numTensors}` +
        (r.importMemory ? `; import heap growth ${heapGrowth(r.importMemory)} MB` : ''),
    );
  }
  if (r.trainStepMs && r.trainBatch) {
    const trainImagesPerS = (r.trainBatch * 1000) / r.trainStepMs;
    row('train_images_per_s', round(trainImagesPerS), 'img/s');
    row('train_max_wait_ms', round(r.trainMaxWaitMs ?? 0, 2), 'ms');
    if (streamImagesPerS) {
      const ratio = streamImagesPerS / trainImagesPerS;
      row('stream_vs_train_ratio', round(ratio), '×');
      console.log(
        `   ${ratio >= 10 ? 'PASS' : 'FAIL'} stream ${round(streamImagesPerS)} img/s vs reference CNN 64 px ` +
          `training on ${r.backend} ${round(trainImagesPerS)} img/s: ${round(ratio)}× (target ≥ 10×)`,
      );
    }
  }
  return rows;
}

function heapGrowth(m: PhaseMemory): number {
  return round(m.end.heapMb - m.start.heapMb);
}

function fmt(value: number): string {
  return value.toFixed(1);
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
