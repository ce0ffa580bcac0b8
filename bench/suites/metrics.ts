import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BenchRow } from '../types';
import { classificationReport } from '../../src/lab/fairness';
import { nearestNeighbourRanks } from '../../src/lab/fairness/ranks';
import { createRng } from '../../src/lab/util/rng';

/**
 * Fairness metrics in Node:
 *  - bootstrap_seconds: classificationReport on 1,000,000 binary predictions in 4 groups with
 *    1,000 bootstrap replicates (counting pass + table + multinomial resampling);
 *  - ranks_seconds: leave-one-out nearest-neighbour ranks of a 20,000 × 128 embedding split
 *    (5,000 × 128 in quick mode) on the wasm backend (cpu if wasm does not start).
 */
export async function runMetricsBench(opts: { quick: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push({
    suite: 'metrics',
    model: '1e6 predictions × 1000 replicates',
    backend: 'js',
    env: 'node',
    metric: 'bootstrap_seconds',
    value: round(timeBootstrap(1_000_000, 1000)),
    unit: 's',
  });

  const backend = await startBackend();
  const n = opts.quick ? 5_000 : 20_000;
  rows.push({
    suite: 'metrics',
    model: `${n}×128 split${opts.quick ? ' (quick)' : ''}`,
    backend,
    env: 'node',
    metric: 'ranks_seconds',
    value: round(await timeRanks(n, 128)),
    unit: 's',
  });
  return rows;
}

function timeBootstrap(n: number, replicates: number): number {
  const rng = createRng(1);
  const yTrue = new Int32Array(n);
  const yPred = new Int32Array(n);
  const names = ['a', 'b', 'c', 'd'];
  const groups = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    yTrue[i] = rng.next() < 0.4 ? 1 : 0;
    yPred[i] = rng.next() < 0.85 ? yTrue[i] : 1 - yTrue[i];
    groups[i] = names[i & 3];
  }
  const start = performance.now();
  const report = classificationReport({ yTrue, yPred, groups, bootstrap: replicates, seed: 7 });
  const seconds = (performance.now() - start) / 1000;
  if (report.ci?.replicates !== replicates) throw new Error('bootstrap did not run');
  return seconds;
}

async function startBackend(): Promise<string> {
  const ok = await tf.setBackend('wasm').catch(() => false);
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

/** n images of n/10 identities: identity centres plus noise, so ranks are realistic. */
async function timeRanks(n: number, dim: number): Promise<number> {
  const rng = createRng(2);
  const identities = new Int32Array(n);
  const embeddings = new Float32Array(n * dim);
  const centres = Float32Array.from({ length: (n / 10) * dim }, () => rng.normal());
  for (let i = 0; i < n; i++) {
    identities[i] = Math.floor(i / 10);
    for (let d = 0; d < dim; d++)
      embeddings[i * dim + d] = centres[identities[i] * dim + d] + 0.8 * rng.normal();
  }
  const start = performance.now();
  const ranks = await nearestNeighbourRanks(embeddings, dim, identities);
  const seconds = (performance.now() - start) / 1000;
  if (ranks.excluded !== 0) throw new Error('unexpected excluded probes');
  return seconds;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
