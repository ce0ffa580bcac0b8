import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { numberFlag, parseArgs, rejectUnknown, UsageError } from '../args';
import { formatHelp } from '../flag-help';
import { generateSyntheticDataset } from '../../lab/data/synthetic/generate';
import { MemoryDatasetStore } from '../../lab/store/memory-store';
import { runExperiment } from '../../lab/experiments/run-experiment';
import type { RunRecord } from '../../lab/runs/types';
import { startNodeBackend } from '../node-backend';
import { spawnNodeReplica } from '../node-replicas';
import { consoleJob } from '../console-job';
import { parseTrainOptions, TRAIN_FLAGS, TRAIN_SWITCHES } from './train-options';

/** The synopsis and every flag, from the same table the parser accepts. */
export function usage(): string {
  const flags = Object.entries(TRAIN_FLAGS).map(([name, help]) => ({
    name,
    help,
    ...(TRAIN_SWITCHES.includes(name) ? {} : { value: name.toUpperCase() }),
  }));
  return formatHelp(['train [flags] --json'], [{ title: 'flags', flags }]);
}

/** `lab train`: the UI's flow, headless — generate the synthetic dataset, train, evaluate per group. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, TRAIN_SWITCHES);
  rejectUnknown(args, Object.keys(TRAIN_FLAGS));
  const options = parseTrainOptions(args);
  const replicas = numberFlag(args, 'replicas', 1);
  if (!Number.isInteger(replicas) || replicas < 1)
    throw new UsageError(`--replicas must be a whole number ≥ 1 (got ${replicas})`);
  if (replicas > 1 && (args.flags.get('backend') ?? 'wasm') !== 'wasm')
    throw new UsageError('--replicas trains on wasm (one thread a replica)');
  // Replicas take one thread each (this one is replica 0).
  const backend = await startNodeBackend(args.flags.get('backend'), 'train', replicas > 1 ? 1 : undefined);
  const job = consoleJob(args.switches.has('quiet'));
  const store = new MemoryDatasetStore();
  const manifest = await generateSyntheticDataset(options.dataset, store, job, {
    name: `synthetic-${options.preset}-seed${options.seed}`,
  });
  const { record, files } = await runExperiment(
    store,
    {
      datasetId: manifest.id,
      model: options.architecture,
      head: options.head,
      train: options.train,
      seed: options.seed,
    },
    backend.name,
    job,
    replicas > 1 ? { replicas, spawn: spawnNodeReplica } : undefined,
  );
  if (record.trial.state === 'failed') throw new Error(record.trial.reason ?? 'training failed');
  const common = {
    backend: backend.name,
    backend_reason: backend.reason,
    ...(replicas > 1 ? { replicas } : {}),
    model: record.model.name,
    parameters: record.parameterCount,
    steps: record.history.steps,
    train_seconds: record.history.seconds,
    final_loss: record.history.loss.at(-1) ?? null,
    dataset: {
      name: manifest.name,
      n_images: manifest.nImages,
      split: manifest.split.counts,
      config: options.dataset,
    },
    history: (record.history.epochs ?? []).map((e) => ({
      epoch: e.epoch,
      loss: e.meanLoss,
      ...e.objectives,
    })),
  };
  const summary = summarise(record, common);
  const saveDir = args.flags.get('save');
  if (saveDir && files) {
    await mkdir(saveDir, { recursive: true });
    await writeFile(join(saveDir, 'model.json'), files['model.json']);
    await writeFile(join(saveDir, 'weights.bin'), files['weights.bin']);
    await writeFile(
      join(saveDir, 'dataset.json'),
      JSON.stringify({ synthetic: options.dataset, split: manifest.split }, null, 2),
    );
    await writeFile(join(saveDir, 'run.json'), JSON.stringify(record, null, 2));
  }
  if (args.switches.has('json')) console.log(JSON.stringify(summary, null, 2));
  else printSummary(record, saveDir);
  return 0;
}

/** The JSON keys: classification as before; identification as FR-NAS reports it. */
function summarise(record: RunRecord, common: Record<string, unknown>): Record<string, unknown> {
  const e = record.evaluation!;
  if (e.kind === 'identification') {
    const r = e.report;
    return {
      error: r.error,
      rank_disparity: r.rank_disparity,
      disparity: r.disparity,
      ratio: r.ratio,
      rank_ratio: r.rank_ratio,
      error_ratio: r.error_ratio,
      by_group: Object.fromEntries(
        Object.entries(e.byGroup).map(([g, v]) => [
          g,
          { accuracy: v.accuracy, mean_rank: v.mean_rank, count: v.count },
        ]),
      ),
      group_attribute: e.groupAttribute,
      n_test: e.n,
      ...common,
    };
  }
  return {
    accuracy: e.accuracy,
    by_group: e.byGroup,
    accuracy_difference: e.accuracyDifference,
    group_attribute: e.groupAttribute,
    n_test: e.n,
    ...common,
    disparities: e.report.disparities,
  };
}

function printSummary(record: RunRecord, saveDir: string | undefined): void {
  const e = record.evaluation!;
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  if (e.kind === 'identification') {
    console.log(`identification error ${pct(e.error)} on ${e.n} test probes (${record.backend})`);
    for (const [group, v] of Object.entries(e.byGroup)) {
      console.log(
        `  ${e.groupAttribute}=${group}: accuracy ${pct(v.accuracy)}, mean rank ${v.mean_rank.toFixed(2)} (n=${v.count})`,
      );
    }
    console.log(`rank disparity (|mean rank difference|): ${e.rankDisparity?.toFixed(3) ?? 'n/a'}`);
  } else {
    console.log(`accuracy ${pct(e.accuracy)} on ${e.n} test images (${record.backend})`);
    for (const [group, v] of Object.entries(e.byGroup)) {
      console.log(`  ${e.groupAttribute}=${group}: ${pct(v.accuracy)} (n=${v.count})`);
    }
    const gap = e.accuracyDifference;
    console.log(
      `accuracy difference (max − min): ${gap === null ? 'n/a' : `${(gap * 100).toFixed(1)} points`}`,
    );
  }
  if (saveDir) console.log(`saved model.json, weights.bin, dataset.json, run.json to ${saveDir}`);
}
