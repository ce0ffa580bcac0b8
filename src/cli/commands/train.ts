import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, numberFlag, rejectUnknown, UsageError } from '../args';
import { LARGE_PRESET, QUICK_PRESET, neutralConfig } from '../../lab/data/synthetic/config';
import { generateSyntheticDataset } from '../../lab/data/synthetic/generate';
import { MemoryDatasetStore } from '../../lab/store/memory-store';
import { runExperiment } from '../../lab/experiments/run-experiment';
import { DEFAULT_TRAIN_CONFIG } from '../../lab/train/train';
import { isModelPreset } from '../../lab/models/config';
import { startNodeBackend } from '../node-backend';
import { consoleJob } from '../console-job';

const KNOWN = [
  'seed',
  'epochs',
  'save',
  'json',
  'backend',
  'preset',
  'model',
  'batch',
  'lr',
  'steps',
  'neutral',
  'quiet',
];

/** `lab train`: the UI's flow, headless — generate the synthetic dataset, train, evaluate per group. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json', 'neutral', 'quiet']);
  rejectUnknown(args, KNOWN);
  const seed = numberFlag(args, 'seed', 1);
  const preset = args.flags.get('preset') ?? 'quick';
  if (preset !== 'quick' && preset !== 'large')
    throw new UsageError(`--preset must be quick or large (got "${preset}")`);
  const model = args.flags.get('model') ?? 'quick-cnn';
  if (!isModelPreset(model))
    throw new UsageError(`--model must be quick-cnn or reference-cnn (got "${model}")`);
  const base = { ...(preset === 'large' ? LARGE_PRESET : QUICK_PRESET), seed };
  const config = args.switches.has('neutral') ? neutralConfig(base) : base;
  const train = {
    ...DEFAULT_TRAIN_CONFIG,
    seed,
    epochs: numberFlag(args, 'epochs', DEFAULT_TRAIN_CONFIG.epochs),
    batchSize: numberFlag(args, 'batch', DEFAULT_TRAIN_CONFIG.batchSize),
    optimizer: {
      ...DEFAULT_TRAIN_CONFIG.optimizer,
      learningRate: numberFlag(args, 'lr', DEFAULT_TRAIN_CONFIG.optimizer.learningRate),
    },
    maxSteps: args.flags.has('steps') ? numberFlag(args, 'steps', 0) : undefined,
  };
  const backend = await startNodeBackend(args.flags.get('backend'), 'train');
  const job = consoleJob(args.switches.has('quiet'));
  const store = new MemoryDatasetStore();
  const manifest = await generateSyntheticDataset(config, store, job, {
    name: `synthetic-${preset}-seed${seed}`,
  });
  const { record, files } = await runExperiment(
    store,
    { datasetId: manifest.id, model, train, seed },
    backend.name,
    job,
  );
  const e = record.evaluation;
  const summary = {
    accuracy: e.accuracy,
    by_group: e.byGroup,
    accuracy_difference: e.accuracyDifference,
    group_attribute: e.groupAttribute,
    n_test: e.n,
    backend: backend.name,
    backend_reason: backend.reason,
    model: record.model.name,
    parameters: record.parameterCount,
    steps: record.history.steps,
    train_seconds: record.history.seconds,
    final_loss: record.history.loss.at(-1) ?? null,
    dataset: { name: manifest.name, n_images: manifest.nImages, split: manifest.split.counts, config },
    disparities: e.report.disparities,
  };
  const saveDir = args.flags.get('save');
  if (saveDir) {
    await mkdir(saveDir, { recursive: true });
    await writeFile(join(saveDir, 'model.json'), files['model.json']);
    await writeFile(join(saveDir, 'weights.bin'), files['weights.bin']);
    await writeFile(
      join(saveDir, 'dataset.json'),
      JSON.stringify({ synthetic: config, split: manifest.split }, null, 2),
    );
    await writeFile(join(saveDir, 'run.json'), JSON.stringify(record, null, 2));
  }
  if (args.switches.has('json')) console.log(JSON.stringify(summary, null, 2));
  else {
    console.log(`accuracy ${(e.accuracy * 100).toFixed(1)}% on ${e.n} test images (${backend.name})`);
    for (const [group, v] of Object.entries(e.byGroup)) {
      console.log(`  ${e.groupAttribute}=${group}: ${(v.accuracy * 100).toFixed(1)}% (n=${v.count})`);
    }
    console.log(`accuracy difference (max − min): ${(e.accuracyDifference * 100).toFixed(1)} points`);
    if (saveDir) console.log(`saved model.json, weights.bin, dataset.json to ${saveDir}`);
  }
  return 0;
}
