import * as tf from '@tensorflow/tfjs';
import { openDB } from 'idb';
import { activate } from '../backend/select';
import type { BackendName } from '../backend/types';
import { registerWasmTrainingKernels } from '../backend/wasm-training/register';
import { LAB_KERNELS_REVISION } from '../backend/lab-kernels';
import { buildTrainable } from '../models/build';
import type { ModelConfig } from '../models/config';
import { createOptimizer } from '../train/optimizers/create';
import { createTrainStep } from '../train/step';

/**
 * Picks the fastest working fallback backend by measuring it: a few training steps of a tiny
 * conv net on each candidate, under a time cap, cached per device (user agent + adapter + tfjs).
 */

export interface CalibrationResult {
  /** Training images per second per measured backend; 0 when it failed. */
  imagesPerSecond: Partial<Record<BackendName, number>>;
  measuredAt: string;
}

/** Where calibrations persist between sessions. */
export interface CalibrationCache {
  get(key: string): Promise<CalibrationResult | undefined>;
  set(key: string, value: CalibrationResult): Promise<void>;
}

export function memoryCalibrationCache(): CalibrationCache {
  const store = new Map<string, CalibrationResult>();
  return {
    get: async (key) => store.get(key),
    set: async (key, value) => void store.set(key, value),
  };
}

/** IndexedDB-backed cache (the browser / Worker default). */
export function idbCalibrationCache(dbName = 'fairness-lab-calibration'): CalibrationCache {
  const db = openDB(dbName, 1, { upgrade: (d) => d.createObjectStore('results') });
  return {
    get: async (key) => (await db).get('results', key) as Promise<CalibrationResult | undefined>,
    set: async (key, value) => void (await (await db).put('results', value, key)),
  };
}

/** Cache key: the same browser on the same adapter with the same tfjs and lab kernels measures the same. */
export function calibrationKey(
  parts: { userAgent?: string; adapter?: string; tfjsVersion?: string } = {},
): string {
  const ua =
    parts.userAgent ??
    (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ??
    'unknown-agent';
  const tfjs = parts.tfjsVersion ?? tf.version.tfjs;
  return [ua, parts.adapter ?? 'no-adapter', tfjs, `lab kernels r${LAB_KERNELS_REVISION}`].join(' | ');
}

/** The tiny conv net every candidate trains during calibration. */
export function calibrationNet(): ModelConfig {
  return {
    name: 'calibration-net',
    input: { size: 16, channels: 3 },
    numClasses: 4,
    seed: 1,
    layers: [
      { type: 'conv2d', filters: 8, kernel: 3 },
      { type: 'batchNorm' },
      { type: 'relu' },
      { type: 'maxPool', size: 2 },
      { type: 'conv2d', filters: 16, kernel: 3 },
      { type: 'relu' },
      { type: 'globalAvgPool' },
    ],
  };
}

export interface MeasureOptions {
  batchSize?: number;
  /** Stop timing a backend after this long (the warm-up step is always run). */
  timeCapMs?: number;
  maxSteps?: number;
}

/** Activates `name` and measures training images/s of the calibration net; 0 when it cannot train. */
export async function measureBackend(name: BackendName, options: MeasureOptions = {}): Promise<number> {
  const { batchSize = 16, timeCapMs = 1500, maxSteps = 5 } = options;
  try {
    if (name === 'wasm') registerWasmTrainingKernels();
    await activate(name);
    const trainable = buildTrainable(calibrationNet());
    const x = tf.randomUniform([batchSize, 16, 16, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const labels = tf.tensor1d(
      Array.from({ length: batchSize }, (_, i) => i % 4),
      'int32',
    );
    const optimizer = createOptimizer({ name: 'adam', learningRate: 1e-3 }, trainable.variables());
    const train = createTrainStep(trainable, optimizer);
    const step = () => train({ x, labels }, 1e-3);
    try {
      await step(); // warm-up: shader compilation, kernel setup
      const started = performance.now();
      let steps = 0;
      while (steps < maxSteps && (steps === 0 || performance.now() - started < timeCapMs)) {
        await step();
        steps++;
      }
      return (steps * batchSize * 1000) / (performance.now() - started);
    } finally {
      optimizer.dispose();
      trainable.dispose();
      tf.dispose([x, labels]);
    }
  } catch {
    return 0;
  }
}

export interface PickFastestOptions {
  cache?: CalibrationCache;
  key?: string;
  /** Replaceable in tests. */
  measure?: (name: BackendName) => Promise<number>;
  measureOptions?: MeasureOptions;
}

/** Which backend calibration is measuring: `done` of `total` measured, `backend` the one now running. */
export interface CalibrationProgress {
  done: number;
  total: number;
  backend: BackendName | null;
}

/** The pick, why, and the measurement behind it (fresh or from the cache). */
export interface Calibrated extends CalibrationResult {
  name: BackendName;
  why: string;
  cached: boolean;
}

/**
 * Calibration with a cache: `pick` returns the cached result, else measures (telling `onProgress`
 * before and after each backend) and caches it; `cached` only reads the cache.
 */
export function createCalibration(options: PickFastestOptions = {}) {
  const cache = options.cache ?? defaultCache();
  const measure = options.measure ?? ((name: BackendName) => measureBackend(name, options.measureOptions));
  const keyOf = (working: BackendName[]) =>
    `${options.key ?? calibrationKey()} | ${[...working].sort().join(',')}`;
  const explain = (working: BackendName[], result: CalibrationResult, cached: boolean): Calibrated => {
    const ranked = working
      .map((name) => ({ name, rate: result.imagesPerSecond[name] ?? 0 }))
      .sort((a, b) => b.rate - a.rate);
    return {
      name: ranked[0].name,
      why: `${cached ? 'calibrated (cached)' : 'calibrated'}: ${formatRates(result.imagesPerSecond, working)}`,
      cached,
      ...result,
    };
  };
  return {
    async pick(
      working: BackendName[],
      onProgress?: (progress: CalibrationProgress) => void,
    ): Promise<Calibrated> {
      const key = keyOf(working);
      const stored = await cache.get(key);
      if (stored) return explain(working, stored, true);
      const imagesPerSecond: CalibrationResult['imagesPerSecond'] = {};
      for (const [done, name] of working.entries()) {
        onProgress?.({ done, total: working.length, backend: name });
        imagesPerSecond[name] = await measure(name);
      }
      onProgress?.({ done: working.length, total: working.length, backend: null });
      const result = { imagesPerSecond, measuredAt: new Date().toISOString() };
      await cache.set(key, result);
      return explain(working, result, false);
    },
    async cached(working: BackendName[]): Promise<Calibrated | undefined> {
      const stored = await cache.get(keyOf(working));
      return stored && explain(working, stored, true);
    },
  };
}

/** A `pickFastest` for `selectBackend`: the cached calibration, else a measured one. */
export function createPickFastest(options: PickFastestOptions = {}) {
  return createCalibration(options).pick;
}

/** "wasm 1038 img/s, webgl 101 img/s, cpu 46 img/s", fastest first. */
export function formatRates(
  imagesPerSecond: CalibrationResult['imagesPerSecond'],
  names: BackendName[] = Object.keys(imagesPerSecond) as BackendName[],
): string {
  return names
    .map((name) => ({ name, rate: imagesPerSecond[name] ?? 0 }))
    .sort((a, b) => b.rate - a.rate)
    .map((r) => `${r.name} ${formatRate(r.rate)} img/s`)
    .join(', ');
}

function formatRate(rate: number): string {
  return rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
}

function defaultCache(): CalibrationCache {
  return typeof indexedDB === 'undefined' ? memoryCalibrationCache() : idbCalibrationCache();
}

/** Ready-made calibration with the default cache. */
export const calibration = createCalibration();

/** Ready-made `pickFastest` with the default cache. */
export const pickFastest = calibration.pick;
