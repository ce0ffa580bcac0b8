/**
 * Per-kernel profile of one training step (tf.profile): `tsx bench/profile-step.ts --model frnas-dpn
 * --size 32 [--backend wasm] [--threads 1] [--loop-threads N] [--steps 5] [--top 25]`. Prints the
 * median step time and the kernels that took the most time in the profiled step, summed by kernel
 * name. `--threads` starts wasm as `bench/node-measure.ts --threads` does (default 1);
 * `--loop-threads` caps the lab's SIMD helpers alone, `--xnnpack-threads` sizes XNNPACK's pool
 * (default 1, as training sizes it: `nodeXnnpackThreads`), `--min-part-work` overrides the
 * helpers' split threshold (A/B runs).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { startNodeBackend } from '../src/cli/node-backend';
import { loopPoolStats, setLoopThreads } from '../src/lab/backend/wasm-training/simd/pool';
import { startLoopThreads } from '../src/lab/backend/wasm-training/wasm-heap';
import { buildTrainable } from '../src/lab/models/build';
import { createOptimizer } from '../src/lab/train/optimizers/create';
import { createTrainStep } from '../src/lab/train/step';
import { BENCH_MODELS } from './lib/measure';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
/** A numeric flag: a whole number ≥ `min`, else a clear error (not NaN further down). */
const count = (name: string, fallback: string, min = 1) => {
  const value = Number(flag(name, fallback));
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} needs a whole number ≥ ${min} (got "${flag(name, fallback)}")`);
  return value;
};
const modelName = flag('model', 'frnas-dpn');
const size = count('size', '32');
const steps = count('steps', '5');
const top = count('top', '25');
/** Kernel names whose every call to print with its input shapes. */
const detail = flag('detail', '').split(',').filter(Boolean);
const batch = count('batch', '64');
process.env.LAB_WASM_THREADS = flag('threads', '1');
if (args.includes('--xnnpack-threads'))
  process.env.LAB_XNNPACK_THREADS = String(count('xnnpack-threads', ''));
const choice = await startNodeBackend(flag('backend', 'wasm'), 'train');
if (choice.name === 'wasm') await startLoopThreads(tf.backend() as BackendWasm);
setLoopThreads({
  ...(args.includes('--loop-threads') ? { limit: count('loop-threads', '') } : {}),
  ...(args.includes('--min-part-work') ? { minPartWork: count('min-part-work', '') } : {}),
});
console.log(
  `backend ${choice.name}: ${choice.reason}${choice.name === 'wasm' ? ` (XNNPACK ${getThreadsCount()})` : ''}`,
);
const bench = BENCH_MODELS[modelName];
if (!bench) throw new Error(`unknown model ${modelName} (known: ${Object.keys(BENCH_MODELS).join(', ')})`);
const config = bench.config(size);
const trainable = buildTrainable(config);
const channels = config.input.channels;
const x = tf.randomUniform([batch, size, size, channels], 0, 1, 'float32', 1) as tf.Tensor4D;
const classes = config.numClasses;
const labels = tf.tensor1d(
  Array.from({ length: batch }, (_, i) => i % classes),
  'int32',
);
const optimizer = createOptimizer(bench.optimizer, trainable.variables());
const step = createTrainStep(trainable, optimizer);
const lr = bench.optimizer.learningRate;
// Warm-up as the bench's: 3 steps and at least 2 s (the engine tiers up hot wasm meanwhile).
const warmupStart = performance.now();
for (let i = 0; i < 3 || (i < 30 && performance.now() - warmupStart < 2000); i++)
  await step({ x, labels }, lr);
const times: number[] = [];
for (let i = 0; i < steps; i++) {
  const t = performance.now();
  await step({ x, labels }, lr);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `median step ${median.toFixed(1)} ms (${((batch * 1000) / median).toFixed(0)} img/s) over ${times.length} (${times.map((t) => t.toFixed(0)).join(' ')})`,
);
const before = { ...loopPoolStats };
const profile = await tf.profile(async () => void (await step({ x, labels }, lr)));
const byName = new Map<string, { ms: number; calls: number }>();
let total = 0;
for (const k of profile.kernels) {
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  total += ms;
  const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
  e.ms += ms;
  e.calls++;
  byName.set(k.name, e);
}
console.log(
  `profiled step: ${profile.kernels.length} kernels, ${total.toFixed(1)} ms in kernels; SIMD passes ` +
    `${loopPoolStats.runs - before.runs}, handed to helpers ${loopPoolStats.parallelRuns - before.parallelRuns}, parts taken back ${loopPoolStats.reclaimed - before.reclaimed}`,
);
if (loopPoolStats.parallelRuns > before.parallelRuns) {
  const spent = (key: 'recordMs' | 'ownMs' | 'waitMs') => (loopPoolStats[key] - before[key]).toFixed(2);
  console.log(
    `in the passes handed out, this thread: ${spent('recordMs')} ms recording the helpers' parts, ` +
      `${spent('ownMs')} ms on its own, ${spent('waitMs')} ms waiting for them`,
  );
}
for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, top))
  console.log(`${name.padEnd(40)} ${e.ms.toFixed(2).padStart(8)} ms  ${String(e.calls).padStart(4)} calls`);
for (const k of profile.kernels.filter((k) => detail.includes(k.name)))
  console.log(
    `  ${k.name} ${JSON.stringify(k.inputShapes)} → ${JSON.stringify(k.outputShapes)} ${(k.kernelTimeMs as number).toFixed(2)} ms`,
  );
// The threaded build's workers would keep the process alive.
process.exit(0);
