/**
 * The search on its real workload (issues 12 and 15): the synthetic identity task, trained for real.
 * 1. Search efficiency — hypervolume of error × rank disparity after N trials for random, ParEGO +
 *    Hyperband and NSGA-II (the search-efficiency suite's methods, on this problem).
 * 2. Throughput — the Search page's "Workshop" preset (ParEGO + Hyperband) run as a whole study,
 *    with 1 worker thread and with k: its wall time and trials per minute.
 * Tiny on purpose (16 px, the DPN at width 0.04), so a bench run stays minutes long.
 */
import { cpus } from 'node:os';
import type { BenchRow } from '../types';
import { generateSyntheticDataset } from '../../src/lab/data/synthetic/generate';
import { QUICK_PRESET } from '../../src/lab/data/synthetic/config';
import { silentJob } from '../../src/lab/jobs/job';
import { MemoryDatasetStore } from '../../src/lab/store/memory-store';
import { frnasSpace } from '../../src/lab/search/presets/frnas';
import { createTrainingRunner } from '../../src/lab/search/training/training-runner';
import { createNodeWorkerPool } from '../../src/lab/search/parallel/node-worker-pool';
import { InMemoryStorage } from '../../src/lab/search/storage/memory';
import { runLabSearch } from '../../src/lab/search/training/lab-search';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/lab/train/config';
import { startNodeBackend } from '../../src/cli/node-backend';
import type { SearchOptions } from '../../src/cli/commands/search-options';
import { runSearchEfficiencyBench, type SearchBenchProblem } from './search-efficiency';
import { defaultSearchForm, SEARCH_PRESETS, toStudyConfig } from '../../src/app/pages/search/search-form';

const DATASET = { ...QUICK_PRESET, imageSize: 16, nIdentities: 40, imagesPerIdentity: 10, seed: 7 };
const TRAIN: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  target: 'identity',
  task: 'identification',
  batchSize: 32,
  groupAttribute: 'skin',
  schedule: { kind: 'cosine', warmupEpochs: 0 },
};
const WIDTH = 0.04;

async function identityProblem(maxEpochs: number): Promise<SearchBenchProblem> {
  const store = new MemoryDatasetStore();
  const manifest = await generateSyntheticDataset(DATASET, store, silentJob());
  return {
    name: `synthetic identity task (${manifest.nImages} images, 16 px, DPN width ${WIDTH})`,
    space: frnasSpace,
    objectives: ['error', 'rank_disparity'],
    minEpochs: 1,
    maxEpochs,
    eta: 2,
    // Error ≤ 1; rank_by_id ≤ identities − 1, so rank disparity < 40.
    referencePoint: [1, 40],
    makeRunner: (seed) =>
      createTrainingRunner({
        store,
        manifest,
        space: 'frnas',
        objectives: ['error', 'rank_disparity'],
        train: { ...TRAIN, seed },
        maxEpochs,
        frnasWidth: WIDTH,
        bootstrap: 0,
      }),
  };
}

/** The Workshop preset's study settings, as the Search page makes them. */
function workshopSettings() {
  const workshop = SEARCH_PRESETS.find((p) => p.id === 'workshop')!;
  const form = { ...defaultSearchForm(2), ...workshop.values, datasetId: 'bench' };
  return { settings: toStudyConfig(form).settings, width: form.frnasWidth, batch: form.batchSize };
}

async function workshopStudy(workers: number): Promise<{ seconds: number; trials: number }> {
  const workshop = workshopSettings();
  const options: SearchOptions = {
    // The dataset a newcomer generates first (the Train page's quick preset).
    dataset: { kind: 'synthetic', config: QUICK_PRESET },
    settings: workshop.settings,
    train: { ...TRAIN, batchSize: workshop.batch },
    frnasWidth: workshop.width,
    workers,
    name: `workshop-${workers}`,
  };
  const pool = createNodeWorkerPool({
    size: workers,
    module: new URL('../../src/cli/search-worker.ts', import.meta.url),
    data: { options, backend: 'wasm' },
  });
  try {
    const started = performance.now();
    const result = await runLabSearch({
      storage: new InMemoryStorage(),
      name: options.name,
      settings: options.settings,
      runners: pool.runners,
    });
    return { seconds: (performance.now() - started) / 1000, trials: result.trials.length };
  } finally {
    await pool.close();
  }
}

export async function runSearchRealBench(opts: { quick: boolean }): Promise<BenchRow[]> {
  await startNodeBackend('wasm', 'train');
  const rows: BenchRow[] = [];
  const problem = await identityProblem(opts.quick ? 2 : 4);
  rows.push(
    ...(
      await runSearchEfficiencyBench({
        quick: true,
        problem,
        seeds: opts.quick ? 2 : 5,
        trials: opts.quick ? 6 : 16,
      })
    ).map((r) => ({ ...r, suite: 'search-real' })),
  );
  const k = Math.max(2, Math.min(4, cpus().length));
  const single = await workshopStudy(1);
  const parallel = await workshopStudy(k);
  const one = single.trials / (single.seconds / 60);
  const many = parallel.trials / (parallel.seconds / 60);
  console.log(
    `   Workshop preset on the quick synthetic set (${single.trials} trials incl. 3 baselines, ParEGO + Hyperband 1 → 2 epochs): ` +
      `1 worker ${single.seconds.toFixed(1)} s (${one.toFixed(1)} trials/min), ` +
      `${k} workers ${parallel.seconds.toFixed(1)} s (${many.toFixed(1)} trials/min, ×${(many / one).toFixed(2)})`,
  );
  const row = (metric: string, value: number, unit: string) =>
    rows.push({
      suite: 'search-real',
      model: 'frnas-dpn-w0.04',
      backend: 'wasm',
      env: 'node',
      metric,
      value: +value.toFixed(3),
      unit,
    });
  row('workshop_seconds_1_worker', single.seconds, 's');
  row(`workshop_seconds_${k}_workers`, parallel.seconds, 's');
  row('trials_per_minute_1_worker', one, 'trials/min');
  row(`trials_per_minute_${k}_workers`, many, 'trials/min');
  row('worker_speedup', many / one, '×');
  return rows;
}
