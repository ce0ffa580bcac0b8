/**
 * Times each heavy kernel call of one training step in isolation (median of `--reps` calls on
 * random inputs of the same shapes and attributes): `tsx bench/kernel-times.ts --model frnas-dpn
 * --size 32 [--kernels Conv2DBackpropFilter,...] [--reps 15] [--threads 2]`. The profile of a whole
 * step (`profile-step.ts`) is noisy on a shared machine; this separates the kernels' own cost.
 * With `--threads N > 1`, each rep runs once with the lab's SIMD loops on 1 thread and once on N
 * (alternating, so both see the same noise), and both medians are printed; `--min-part-work W`
 * overrides the helpers' split threshold in the N-thread column.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { startNodeBackend } from '../src/cli/node-backend';
import { setLoopThreads } from '../src/lab/backend/wasm-training/simd/pool';
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
const size = Number(flag('size', '32'));
const reps = Number(flag('reps', '15'));
const wanted = flag(
  'kernels',
  'Conv2DBackpropFilter,Conv2DBackpropInput,LabConv2DBias,DepthwiseConv2dNative,DepthwiseConv2dNativeBackpropInput,DepthwiseConv2dNativeBackpropFilter,Concat',
).split(',');
const threads = Number(flag('threads', '1'));
/** The split threshold for the N-thread column (`simd/pool.ts` MIN_PART_WORK by default). */
const minPartWork = args.includes('--min-part-work') ? Number(flag('min-part-work', '')) : undefined;
process.env.LAB_WASM_THREADS = String(threads);
const choice = await startNodeBackend(flag('backend', 'wasm'), 'train');
if (choice.name === 'wasm') await startLoopThreads(tf.backend() as BackendWasm);
console.log(`backend ${choice.name}: ${choice.reason}`);
const bench = BENCH_MODELS[flag('model', 'frnas-dpn')];
const config = bench.config(size);
const trainable = buildTrainable(config);
const x = tf.randomUniform([64, size, size, config.input.channels], 0, 1, 'float32', 1) as tf.Tensor4D;
const labels = tf.tensor1d(
  Array.from({ length: 64 }, (_, i) => i % config.numClasses),
  'int32',
);
const optimizer = createOptimizer(bench.optimizer, trainable.variables());
const step = createTrainStep(trainable, optimizer);

// Record every call of the wanted kernels (inputs' shapes and dtypes, attributes) during one step.
interface Call {
  name: string;
  /** Concat takes an array of inputs, the others named inputs. */
  list: boolean;
  inputs: Record<string, { shape: number[]; dtype: tf.DataType }>;
  attrs: tf.NamedAttrMap;
}
const calls: Call[] = [];
const originals = new Map<string, tf.KernelConfig>();
for (const name of wanted) {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) continue;
  originals.set(name, kernel);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    ...kernel,
    kernelFunc: (a) => {
      const inputs = Object.fromEntries(
        Object.entries(a.inputs).map(([k, v]) => [k, { shape: [...v!.shape], dtype: v!.dtype }]),
      );
      calls.push({ name, list: Array.isArray(a.inputs), inputs, attrs: { ...a.attrs } });
      return kernel.kernelFunc(a);
    },
  });
}
await step({ x, labels }, bench.optimizer.learningRate);
for (const [name, kernel] of originals) {
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel(kernel);
}

/** Loop-thread limits each rep runs under: 1 alone, or 1 then N alternating. */
const limits = threads > 1 ? [1, threads] : [1];
const totals = new Map<string, number[]>();
for (const call of calls) {
  const named = Object.fromEntries(
    Object.entries(call.inputs).map(([k, v]) => [k, tf.randomNormal(v.shape, 0, 1, v.dtype as 'float32')]),
  );
  const inputs = (call.list ? Object.values(named) : named) as unknown as tf.NamedTensorMap;
  const times = limits.map(() => [] as number[]);
  for (let i = 0; i < reps + 2; i++) {
    limits.forEach((limit, j) => {
      setLoopThreads(limit > 1 && minPartWork ? { limit, minPartWork } : { limit });
      const t = performance.now();
      const out = tf.engine().runKernel(call.name, inputs, call.attrs);
      const outs = Array.isArray(out) ? out : [out];
      // wasm kernels (and the lab's pool) finish before runKernel returns: no read-back timed.
      if (choice.name !== 'wasm') (outs[0] as tf.Tensor).dataSync();
      if (i >= 2) times[j].push(performance.now() - t);
      tf.dispose(outs as tf.Tensor[]);
    });
  }
  setLoopThreads({});
  tf.dispose(Object.values(inputs));
  const ms = times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
  const sums = totals.get(call.name) ?? limits.map(() => 0);
  totals.set(
    call.name,
    sums.map((sum, j) => sum + ms[j]),
  );
  const shapes = Object.entries(call.inputs).map(([k, v]) => `${k}[${v.shape}]`);
  const cells = ms.map((m) => m.toFixed(3).padStart(7)).join(' ');
  console.log(`${call.name.padEnd(36)} ${cells} ms  ${shapes.join(' ')}`);
}
if (limits.length > 1)
  console.log(`(columns: SIMD loops on ${limits.join(' / ')} threads; XNNPACK on ${getThreadsCount()})`);
for (const [name, ms] of totals)
  console.log(`total ${name.padEnd(30)} ${ms.map((m) => m.toFixed(2)).join(' / ')} ms`);
// tfjs's pthread workers can keep Node's event loop alive after the last line (as profile-step.ts).
process.exit(0);
