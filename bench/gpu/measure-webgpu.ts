/**
 * Node WebGPU (Dawn) throughput of the bench's networks, for a real GPU: the entry that
 * bench/gpu/pack.sh bundles and bench/gpu/run-on-device.sh runs. Writes $OUT/webgpu.json after
 * every step (plans first, so the PyTorch side knows its networks even if WebGPU fails).
 * Env: OUT, QUICK=1 (one step of the reference CNN at 32 px), STEPS (timed steps, default 10),
 * EXPECT_GPU=1 (exit 3 when the adapter is a fallback or software one).
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { installNodeWebGpu } from '../../src/cli/node-webgpu';
import { BENCH_MODELS, measureThroughput, type ThroughputPlan } from '../lib/measure';
import { throughputRows } from '../lib/rows';
import type { BenchRow } from '../types';

const out = `${process.env.OUT ?? '.'}/webgpu.json`;
const quick = process.env.QUICK === '1';
const timed = Number(process.env.STEPS ?? 10);
const plans: ThroughputPlan[] = quick
  ? [{ model: 'reference-cnn', size: 32, batch: 64, warmupSteps: 0, timedSteps: 1 }]
  : (['reference-cnn', 'frnas-dpn'] as const).flatMap((model) =>
      [32, 64].map((size) => ({ model, size, batch: 64, warmupSteps: 3, timedSteps: timed })),
    );

const report = {
  date: new Date().toISOString(),
  node: process.version,
  quick,
  plans: plans.map((p) => ({ ...p, torch: BENCH_MODELS[p.model].torch })),
  adapter: null as Record<string, unknown> | null,
  rows: [] as BenchRow[],
  error: null as string | null,
};
const save = () => writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

function fail(code: number, message: string): never {
  report.error = message;
  save();
  console.error(`\n!!! ${message}\n`);
  process.exit(code);
}

/** The adapter as tfjs-backend-webgpu asks for it (high-performance), and whether it is software. */
async function adapterInfo(): Promise<Record<string, unknown>> {
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { missing: true };
  const { vendor, architecture, device, description } = adapter.info;
  const fallback =
    (adapter.info as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
    null;
  const software = /swiftshader|llvmpipe|lavapipe|software/i.test(
    [vendor, architecture, device, description].join(' '),
  );
  return { vendor, architecture, device, description, isFallbackAdapter: fallback, software };
}

save();
try {
  await installNodeWebGpu();
  report.adapter = await adapterInfo();
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs backend webgpu failed to initialise');
  await tf.ready();
} catch (error) {
  fail(2, `WebGPU unavailable: ${error instanceof Error ? error.message : String(error)}`);
}
save();
console.error(`[webgpu] adapter ${JSON.stringify(report.adapter)}`);
const a = report.adapter!;
if (process.env.EXPECT_GPU === '1' && (a.missing || a.isFallbackAdapter || a.software))
  fail(3, `EXPECT_GPU=1 but the WebGPU adapter is a fallback/software one: ${JSON.stringify(a)}`);

for (const plan of plans) {
  const rows = throughputRows(plan, await measureThroughput(plan), 'webgpu', 'node');
  console.error(
    `[webgpu] ${plan.model}@${plan.size}: train ${rows[0].value} img/s, infer ${rows[1].value} img/s`,
  );
  report.rows.push(...rows);
  save();
}
process.exit(0);
