/**
 * `lab compress`: the Compress page's sweep, headless.
 *
 *   --model path/model.json --dataset NAME|ID|DIR|synthetic --methods prune:0.5,int8,cluster:16,…
 *   [--repeats R] [--seed S] [--bootstrap B] [--target T] [--group G] [--task classification|identification]
 *   [--disparity NAME] [--export DIR] [--store DIR] [--backend B] [--quiet] --json
 *
 * `--dataset synthetic` regenerates the dataset from the dataset.json that `lab train --save`
 * wrote beside the model; a name or id is looked up in the CLI's store (.lab-data, or --store);
 * a directory is a dataset folder (with manifest.json) or a store holding one dataset.
 * Prints one entry per setting, the baseline first.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { numberFlag, parseArgs, rejectUnknown, requiredFlag, UsageError } from '../args';
import { consoleJob } from '../console-job';
import { startNodeBackend } from '../node-backend';
import { readCompressibleModel } from '../../lab/compress/compressible-model';
import { MemorySweepStore } from '../../lab/compress/sweep-store';
import { runSweep } from '../../lab/compress/sweep';
import type { SettingSummary, SweepOptions } from '../../lab/compress/sweep-types';
import { readModelFiles } from '../../lab/audit/node-model-files';
import type { SyntheticConfig } from '../../lab/data/synthetic/config';
import { generateSyntheticDataset } from '../../lab/data/synthetic/generate';
import type { DatasetManifest } from '../../lab/data/types';
import { DEFAULT_REPLICATES } from '../../lab/fairness';
import { FsDatasetStore } from '../../lab/store/fs-store';
import { MemoryDatasetStore } from '../../lab/store/memory-store';
import type { DatasetStore } from '../../lab/store/types';
import { DEFAULT_STORE_DIR } from './import';

const KNOWN = [
  'model',
  'dataset',
  'methods',
  'repeats',
  'seed',
  'bootstrap',
  'target',
  'group',
  'task',
  'disparity',
  'export',
  'store',
  'backend',
  'finetune-epochs',
  'finetune-schedule',
  'json',
  'quiet',
];

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The dataset named on the command line, in a store the sweep can read. */
async function openDataset(
  value: string,
  modelPath: string,
  storeDir: string,
): Promise<{ store: DatasetStore; manifest: DatasetManifest }> {
  if (value === 'synthetic') {
    const settingsPath = join(dirname(modelPath), 'dataset.json');
    const text = await readFile(settingsPath, 'utf8').catch(() => {
      throw new UsageError(
        `--dataset synthetic needs ${settingsPath} (lab train --save DIR writes it beside the model)`,
      );
    });
    const saved = JSON.parse(text) as { synthetic?: SyntheticConfig };
    if (!saved.synthetic) throw new UsageError(`${settingsPath} holds no synthetic dataset settings`);
    const store = new MemoryDatasetStore();
    const manifest = await generateSyntheticDataset(saved.synthetic, store, consoleJob(true));
    return { store, manifest };
  }
  const path = resolve(value);
  if (await isDirectory(path)) {
    const single = new FsDatasetStore(dirname(path));
    const asDataset = await single.manifest(basename(path));
    if (asDataset) return { store: single, manifest: asDataset };
    const store = new FsDatasetStore(path);
    const all = await store.list();
    if (all.length === 1) return { store, manifest: all[0] };
    throw new UsageError(
      all.length === 0
        ? `--dataset ${value}: no dataset in that folder`
        : `--dataset ${value} holds ${all.length} datasets (${all.map((d) => d.name).join(', ')}): name one`,
    );
  }
  const store = new FsDatasetStore(resolve(storeDir));
  const all = await store.list();
  const found = all.find((d) => d.id === value) ?? all.find((d) => d.name === value);
  if (!found)
    throw new UsageError(
      `--dataset "${value}" is not a folder, "synthetic", or a dataset in ${storeDir} (${all.length > 0 ? `it has: ${all.map((d) => d.name).join(', ')}` : 'it is empty'})`,
    );
  return { store, manifest: found };
}

/** The JSON entry of one setting (snake_case, as every lab command prints). */
export function settingEntry(s: SettingSummary, repeats: number) {
  const groups = (g: SettingSummary['byGroup']) =>
    Object.fromEntries(
      Object.entries(g).map(([name, v]) => [name, { accuracy: v.accuracy, count: v.count, ci: v.ci }]),
    );
  const entry: Record<string, unknown> = {
    setting: s.key,
    method: s.method,
    param: s.param,
    size_bytes: s.sizeBytes,
    size_deflate_bytes: s.sizeDeflateBytes,
    parameters: s.parameters,
    accuracy: s.accuracy,
    by_group: groups(s.byGroup),
    by_intersection: groups(s.byIntersection),
    disparities: s.disparities,
    disparity: s.disparity,
    sparsity: s.sparsity,
    distinct_values: s.distinctValues,
    format: s.format,
    repeats: s.accuracyRepeats,
  };
  if (s.cie && repeats >= 2)
    entry.cie_fraction_by_group = Object.fromEntries(
      Object.entries(s.cie.byGroup).map(([g, v]) => [g, v.fraction]),
    );
  return entry;
}

/** "prune:0.5+int8" → "prune-0.5+int8": a folder name on every file system. */
export function settingFolder(key: string): string {
  return key.replace(/:/g, '-');
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json', 'quiet']);
  rejectUnknown(args, KNOWN);
  const finetuneSchedule = args.flags.get('finetune-schedule') ?? 'constant';
  if (finetuneSchedule !== 'constant' && finetuneSchedule !== 'polynomial')
    throw new UsageError(`--finetune-schedule must be constant or polynomial (got "${finetuneSchedule}")`);
  const modelPath = resolve(requiredFlag(args, 'model'));
  const methods = requiredFlag(args, 'methods');
  const datasetFlag = requiredFlag(args, 'dataset');
  const task = args.flags.get('task');
  if (task !== undefined && task !== 'classification' && task !== 'identification')
    throw new UsageError(`--task must be classification or identification (got "${task}")`);
  const options: SweepOptions = {
    methods,
    repeats: numberFlag(args, 'repeats', 1),
    seed: numberFlag(args, 'seed', 1),
    bootstrap: numberFlag(args, 'bootstrap', DEFAULT_REPLICATES),
    target: args.flags.get('target'),
    groupAttribute: args.flags.get('group'),
    task,
    disparity: args.flags.get('disparity'),
    finetuneEpochs: numberFlag(args, 'finetune-epochs', 0),
    finetuneSchedule,
  };
  const json = args.switches.has('json');
  const quiet = args.switches.has('quiet');
  const log = (line: string) => (json ? !quiet && process.stderr.write(`${line}\n`) : console.log(line));

  const backend = await startNodeBackend(args.flags.get('backend'), 'infer');
  const name =
    basename(modelPath) === 'model.json' ? basename(dirname(modelPath)) : basename(modelPath, '.json');
  const base = await readCompressibleModel(await readModelFiles(modelPath), name);
  const { store, manifest } = await openDataset(
    datasetFlag,
    modelPath,
    args.flags.get('store') ?? DEFAULT_STORE_DIR,
  );
  log(`backend: ${backend.name} — ${backend.reason}`);
  log(`model ${name} · dataset ${manifest.name} (${manifest.split.counts.test} test images)`);

  const sweeps = new MemorySweepStore();
  const exportDir = args.flags.get('export');
  const record = await runSweep(
    { base, model: { name, source: 'files' }, store, manifest, options, id: 'cli' },
    consoleJob(quiet),
    {
      onFiles: async (key, files) => {
        if (!exportDir) return;
        const dir = join(exportDir, settingFolder(key));
        await mkdir(dir, { recursive: true });
        for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
      },
      onUpdate: (r) => sweeps.put(r),
    },
  );
  const entries = record.settings.map((s) => settingEntry(s, options.repeats));
  if (json) console.log(JSON.stringify(entries, null, 2));
  else {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(
      `target ${record.target} · groups by ${record.groupAttribute} · disparity ${record.disparity} · ${options.repeats} repeat(s)`,
    );
    for (const s of record.settings) {
      const groups = Object.entries(s.byGroup)
        .map(([g, v]) => `${g} ${pct(v.accuracy)}`)
        .join(', ');
      console.log(
        `${s.key.padEnd(24)} ${String(s.sizeBytes).padStart(9)} B  deflate ${String(s.sizeDeflateBytes).padStart(9)} B  acc ${pct(s.accuracy)}  (${groups})  ${record.disparity} ${s.disparity?.toFixed(3) ?? '—'}`,
      );
    }
    if (exportDir) console.log(`exported each setting's tfjs model under ${exportDir}`);
  }
  return 0;
}
