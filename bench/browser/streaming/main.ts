/**
 * Browser side of the `streaming-chromium` suite: writes a synthetic 64×64×3 dataset into the real
 * IndexedDB through IdbDatasetStore, streams one shuffled epoch of it with streamBatches (sampling
 * the JS heap and tf.memory().numTensors), then trains the reference CNN on wasm from the stream.
 * Rows and memory samples end up on `window.streamingResult`. Query: ?n=100000&steps=2,8
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { configureWasm } from '../../../src/lab/backend/wasm';
import { registerWasmTrainingKernels } from '../../../src/lab/backend/wasm-training/register';
import {
  DEFAULT_SHARD_SIZE,
  imageBytes,
  type DatasetManifest,
  type Shard,
} from '../../../src/lab/data/types';
import { DEFAULT_FRACTIONS } from '../../../src/lab/data/splits/stratified';
import { buildTrainable } from '../../../src/lab/models/build';
import { createOptimizer } from '../../../src/lab/train/optimizers/create';
import { createTrainStep } from '../../../src/lab/train/step';
import { IdbDatasetStore } from '../../../src/lab/store/idb-store';
import { streamBatches, type BatchSpec } from '../../../src/lab/store/stream';
import { BENCH_MODELS } from '../../lib/measure';

/** One memory sample: JS heap (MB, precise with --enable-precise-memory-info) and live tensors. */
export interface MemorySample {
  at: number;
  heapMb: number;
  numTensors: number;
}

export interface PhaseMemory {
  start: MemorySample;
  peak: { heapMb: number; numTensors: number };
  end: MemorySample;
  samples: number;
}

export interface StreamingResult {
  done: boolean;
  error?: string;
  backend?: string;
  nImages?: number;
  bytes?: number;
  writeSeconds?: number;
  streamSeconds?: number;
  streamBatches?: number;
  importMemory?: PhaseMemory;
  streamMemory?: PhaseMemory;
  /** Median ms of a training step fed from the stream (including the wait for its batch). */
  trainStepMs?: number;
  /** Longest time a timed step waited for its batch, ms. */
  trainMaxWaitMs?: number;
  trainBatch?: number;
  trainTimedSteps?: number;
  gcExposed?: boolean;
}

const result: StreamingResult = { done: false };
(window as unknown as { streamingResult: StreamingResult }).streamingResult = result;
const log = (line: string) => {
  document.getElementById('log')!.textContent += `\n${line}`;
  console.log(`[streaming] ${line}`);
};

const SIZE = 64;
const CHANNELS = 3;
const BATCH = 64;
const ATTRS = { expression: 7, skin: 6, gender: 2 } as const;
const DATASET_ID = 'bench-stream-64';

const params = new URLSearchParams(location.search);
const gc = (globalThis as { gc?: () => void }).gc;
/** usedJSHeapSize is Chromium-only; with --enable-precise-memory-info it is not bucketed. */
function heapMb(): number {
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize / 2 ** 20 : NaN;
}

/** Runs a full GC (when exposed) twice, letting pending promise callbacks and tasks run in between. */
async function settle(): Promise<void> {
  if (!gc) return;
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
}

/** Samples memory during a phase; start and end are taken after settle(). */
class MemoryTracker {
  private peakHeap = 0;
  private peakTensors = 0;
  private count = 0;
  private readonly origin = performance.now();

  private constructor(private readonly start: MemorySample) {
    this.peakHeap = start.heapMb;
    this.peakTensors = start.numTensors;
  }

  static async begin(): Promise<MemoryTracker> {
    await settle();
    return new MemoryTracker(snapshot(0));
  }

  sample(): MemorySample {
    const s = snapshot((performance.now() - this.origin) / 1000);
    this.peakHeap = Math.max(this.peakHeap, s.heapMb);
    this.peakTensors = Math.max(this.peakTensors, s.numTensors);
    this.count++;
    if (params.get('trace')) log(`  heap ${s.heapMb.toFixed(1)} MB, ${s.numTensors} tensors`);
    return s;
  }

  async finish(): Promise<PhaseMemory> {
    await settle();
    const end = this.sample();
    return {
      start: this.start,
      peak: { heapMb: this.peakHeap, numTensors: this.peakTensors },
      end,
      samples: this.count,
    };
  }
}

function snapshot(at: number): MemorySample {
  return { at, heapMb: heapMb(), numTensors: tf.memory().numTensors };
}

/** xorshift32: fast enough that generating a 12.6 MB shard costs a few ms (outside the timed writes). */
function makeRandom(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

function makeShard(
  index: number,
  n: number,
  next: () => number,
  splitCounts: number[],
  counts: number[][],
): Shard {
  const perImage = imageBytes({ size: SIZE, channels: CHANNELS });
  const pixels = new Uint8Array(n * perImage);
  const words = new Uint32Array(pixels.buffer);
  for (let i = 0; i < words.length; i++) words[i] = next();
  const split = new Uint8Array(n);
  const categorical: Record<string, Int32Array> = {};
  Object.entries(ATTRS).forEach(([name, k], a) => {
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = next() % k;
      counts[a][values[i]]++;
    }
    categorical[name] = values;
  });
  for (let i = 0; i < n; i++) {
    const u = next() / 2 ** 32;
    split[i] = u < DEFAULT_FRACTIONS.train ? 0 : u < DEFAULT_FRACTIONS.train + DEFAULT_FRACTIONS.val ? 1 : 2;
    splitCounts[split[i]]++;
  }
  return { index, n, pixels, split, categorical, numeric: {} };
}

/** Writes `n` images through create → putShard → commit; only the store calls are timed. */
async function importDataset(store: IdbDatasetStore, n: number): Promise<DatasetManifest> {
  await store.delete(DATASET_ID);
  const nShards = Math.ceil(n / DEFAULT_SHARD_SIZE);
  const next = makeRandom(20261122);
  const splitCounts = [0, 0, 0];
  const counts = Object.values(ATTRS).map((k) => new Array<number>(k).fill(0));
  const memory = await MemoryTracker.begin();
  let seconds = 0;
  let t = performance.now();
  const writer = await store.create(DATASET_ID);
  seconds += (performance.now() - t) / 1000;
  for (let s = 0; s < nShards; s++) {
    const shard = makeShard(
      s,
      Math.min(DEFAULT_SHARD_SIZE, n - s * DEFAULT_SHARD_SIZE),
      next,
      splitCounts,
      counts,
    );
    t = performance.now();
    await writer.putShard(shard);
    seconds += (performance.now() - t) / 1000;
    if (s % 4 === 3) memory.sample();
    if (s % 20 === 19)
      log(`import: ${s + 1}/${nShards} shards, ${(((s + 1) * DEFAULT_SHARD_SIZE) / seconds) | 0} img/s`);
  }
  const names = Object.keys(ATTRS);
  const manifest: DatasetManifest = {
    id: DATASET_ID,
    name: `Streaming bench ${n}`,
    createdAt: new Date().toISOString(),
    source: { kind: 'synthetic', config: { bench: 'streaming-chromium' } },
    image: { size: SIZE, channels: CHANNELS },
    nImages: n,
    shardSize: DEFAULT_SHARD_SIZE,
    nShards,
    categorical: names.map((name, a) => ({
      name,
      values: counts[a].map((_, v) => `v${v}`),
      sensitive: name !== 'expression',
    })),
    numeric: [],
    targets: ['expression'],
    counts: Object.fromEntries(
      names.map((name, a) => [name, Object.fromEntries(counts[a].map((c, v) => [`v${v}`, c]))]),
    ),
    split: {
      kind: 'stratified',
      seed: 1,
      fractions: DEFAULT_FRACTIONS,
      by: ['expression'],
      counts: { train: splitCounts[0], val: splitCounts[1], test: splitCounts[2] },
    },
    bytes: n * imageBytes({ size: SIZE, channels: CHANNELS }),
    warnings: [],
    hasFiles: false,
  };
  t = performance.now();
  await writer.commit(manifest);
  seconds += (performance.now() - t) / 1000;
  result.importMemory = await memory.finish();
  result.writeSeconds = seconds;
  return manifest;
}

const SPEC: BatchSpec = {
  datasetId: DATASET_ID,
  split: 'all',
  batchSize: BATCH,
  target: 'expression',
  shuffleSeed: 1,
  normalize: 'unit',
};

/** One shuffled epoch of the whole dataset into tensors (disposed at once), as the trainer reads it. */
async function streamEpoch(store: IdbDatasetStore, manifest: DatasetManifest): Promise<void> {
  // A short early-stopped stream first, so the timed epoch does not pay for JIT warm-up.
  let warm = 0;
  for await (const batch of streamBatches(store, SPEC, { prefetch: 2 })) {
    tf.dispose([batch.x, batch.y]);
    if (++warm >= 8) break;
  }
  const memory = await MemoryTracker.begin();
  let batches = 0;
  let images = 0;
  const start = performance.now();
  for await (const batch of streamBatches(store, SPEC, { prefetch: 2 })) {
    images += batch.size;
    tf.dispose([batch.x, batch.y]);
    if (++batches % 16 === 0) memory.sample();
    if (batches % 400 === 0)
      log(
        `stream: ${images}/${manifest.nImages} images, ${(images / ((performance.now() - start) / 1000)) | 0} img/s`,
      );
  }
  result.streamSeconds = (performance.now() - start) / 1000;
  result.streamMemory = await memory.finish();
  result.streamBatches = batches;
  if (images !== manifest.nImages) throw new Error(`streamed ${images} images, expected ${manifest.nImages}`);
}

/** The reference CNN at 64 px trained from the stream: the consumption the stream must outpace. */
async function trainFromStream(store: IdbDatasetStore, warmup: number, timed: number): Promise<void> {
  const bench = BENCH_MODELS['reference-cnn'];
  const trainable = buildTrainable(bench.config(SIZE));
  const optimizer = createOptimizer(bench.optimizer, trainable.variables());
  const train = createTrainStep(trainable, optimizer);
  const stream = streamBatches(store, { ...SPEC, split: 'train', shuffleSeed: 2 }, { prefetch: 2 });
  const steps: number[] = [];
  let maxWait = 0;
  try {
    for (let step = 0; step < warmup + timed; step++) {
      const started = performance.now();
      const next = await stream.next();
      if (next.done) throw new Error('the train split ran out of batches');
      const waited = performance.now() - started;
      const { x, y } = next.value;
      try {
        await train({ x, labels: y }, bench.optimizer.learningRate);
      } finally {
        tf.dispose([x, y]);
      }
      if (step >= warmup) {
        steps.push(performance.now() - started);
        maxWait = Math.max(maxWait, waited);
      }
      log(
        `train step ${step + 1}/${warmup + timed}: ${(performance.now() - started).toFixed(0)} ms (waited ${waited.toFixed(1)} ms)`,
      );
    }
  } finally {
    await stream.return(undefined);
    optimizer.dispose();
    trainable.dispose();
  }
  result.trainStepMs = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)];
  result.trainMaxWaitMs = maxWait;
  result.trainBatch = BATCH;
  result.trainTimedSteps = timed;
}

async function main(): Promise<void> {
  const n = Number(params.get('n') ?? 100_000);
  const [warmup, timed] = (params.get('steps') ?? '2,8').split(',').map(Number);
  result.gcExposed = Boolean(gc);
  configureWasm({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
  await tf.ready();
  result.backend = tf.getBackend();
  const store = new IdbDatasetStore(indexedDB, 'fairness-lab-bench-streaming');
  try {
    log(`import ${n} images at ${SIZE}×${SIZE}×${CHANNELS}`);
    const manifest = await importDataset(store, n);
    result.nImages = manifest.nImages;
    result.bytes = manifest.bytes;
    log(`imported in ${result.writeSeconds!.toFixed(1)} s; streaming one epoch`);
    await streamEpoch(store, manifest);
    log(`streamed in ${result.streamSeconds!.toFixed(1)} s; training`);
    await trainFromStream(store, warmup, timed);
  } finally {
    await store.delete(DATASET_ID).catch(() => {});
    await store.close();
  }
}

main()
  .catch((error) => {
    result.error = error instanceof Error ? error.message : String(error);
  })
  .finally(() => {
    result.done = true;
  });
