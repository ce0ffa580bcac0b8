import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  calibrationKey,
  createPickFastest,
  idbCalibrationCache,
  measureBackend,
  memoryCalibrationCache,
} from './calibration';
import type { BackendName } from '../backend/types';
import { configureWasm } from '../backend/wasm';
import { LAB_KERNELS_REVISION } from '../backend/lab-kernels';

describe('calibration', () => {
  it('picks the fastest measured backend, says why, and caches the measurement', async () => {
    const rates: Record<string, number> = { webgl: 8, wasm: 250, cpu: 4 };
    const measured: string[] = [];
    const pick = createPickFastest({
      cache: memoryCalibrationCache(),
      key: 'test-agent',
      measure: async (name: BackendName) => (measured.push(name), rates[name]),
    });
    const progress: string[] = [];
    const first = await pick(['webgl', 'wasm', 'cpu'], (p) =>
      progress.push(`${p.done}/${p.total} ${p.backend ?? 'done'}`),
    );
    expect(first).toMatchObject({
      name: 'wasm',
      why: 'calibrated: wasm 250 img/s, webgl 8.0 img/s, cpu 4.0 img/s',
      cached: false,
      imagesPerSecond: rates,
    });
    expect(progress).toEqual(['0/3 webgl', '1/3 wasm', '2/3 cpu', '3/3 done']);
    progress.length = 0;
    const again = await pick(['webgl', 'wasm', 'cpu'], (p) => progress.push(String(p.done)));
    expect(again).toMatchObject({ name: 'wasm', cached: true, imagesPerSecond: rates });
    expect(again.why).toMatch(/^calibrated \(cached\)/);
    expect(progress).toEqual([]);
    expect(measured).toEqual(['webgl', 'wasm', 'cpu']);
  });

  it('stores results in IndexedDB under a key naming agent, adapter, tfjs version and lab kernels revision', async () => {
    const cache = idbCalibrationCache('calibration-test');
    const key = calibrationKey({ userAgent: 'UA', adapter: 'SwiftShader' });
    expect(key).toBe(`UA | SwiftShader | ${tf.version.tfjs} | lab kernels r${LAB_KERNELS_REVISION}`);
    await cache.set(key, { imagesPerSecond: { wasm: 1 }, measuredAt: 'now' });
    expect(await idbCalibrationCache('calibration-test').get(key)).toEqual({
      imagesPerSecond: { wasm: 1 },
      measuredAt: 'now',
    });
  });

  it('measures real training on wasm and cpu, wasm faster (wasm training kernels)', async () => {
    configureWasm();
    const options = { batchSize: 8, timeCapMs: 300, maxSteps: 2 };
    const wasm = await measureBackend('wasm', options);
    const cpu = await measureBackend('cpu', options);
    expect(wasm).toBeGreaterThan(0);
    expect(cpu).toBeGreaterThan(0);
    expect(wasm).toBeGreaterThan(cpu);
    expect(await measureBackend('webgl', options)).toBe(0);
  });
});
