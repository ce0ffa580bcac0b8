/**
 * A compression sweep: the baseline, then every setting × repeats — compress, export, load the
 * exported files with tf.loadLayersModel, evaluate per group — with progress, an ETA and Cancel.
 * Every check (settings against the model, the model against the dataset) runs before the first
 * evaluation. `onUpdate` sees the record after each setting, so a caller can persist it as it grows.
 */
import { attribute, sensitiveAttributes, type DatasetManifest } from '../data/types';
import { etaTracker, throwIfCancelled, type JobContext } from '../jobs/job';
import { IDENTIFICATION_NAMES } from '../fairness';
import type { DatasetStore } from '../store/types';
import { deriveSeed } from '../util/rng';
import { applySetting, checkSetting } from './apply-setting';
import type { CompressibleModel } from './compressible-model';
import {
  assertFitsDataset,
  evaluateModel,
  type EvaluationSpec,
  type EvaluationTask,
  type ModelEvaluation,
} from './evaluate';
import { loadCompressed, type CompressedFiles } from './export';
import { measureExport, type SizeReport } from './measure';
import { BASELINE, parseSettings, prunesWeights, type Setting } from './settings';
import { fineTune } from './finetune';
import { summariseSetting } from './summarise';
import type { SweepOptions, SweepRecord } from './sweep-types';

export interface SweepInput {
  base: CompressibleModel;
  model: SweepRecord['model'];
  store: DatasetStore;
  manifest: DatasetManifest;
  options: SweepOptions;
  id?: string;
}

export interface SweepHooks {
  /** The record after the baseline and after each setting (status 'running' until the end). */
  onUpdate?(record: SweepRecord): Promise<void>;
  /** The exported files of each setting's first repeat (the ones "Export compressed model" gives). */
  onFiles?(settingKey: string, files: CompressedFiles): Promise<void>;
}

export const MAX_REPEATS = 20;
export const DEFAULT_DISPARITY: Record<EvaluationTask, string> = {
  classification: 'accuracy_difference',
  identification: 'rank_disparity',
};

interface LabMetadata {
  target?: string;
  task?: EvaluationTask;
  classNames?: string[];
}

export interface ResolvedSweep {
  settings: Setting[];
  target: string;
  task: EvaluationTask;
  groupAttribute: string;
  crossAttributes: string[];
  disparity: string;
}

/** Everything a sweep needs, checked; throws the first problem as one line. */
export function resolveSweep(
  base: CompressibleModel,
  manifest: DatasetManifest,
  options: SweepOptions,
): ResolvedSweep {
  const settings = parseSettings(options.methods);
  if (!Number.isInteger(options.repeats) || options.repeats < 1 || options.repeats > MAX_REPEATS)
    throw new Error(`repeats must be an integer from 1 to ${MAX_REPEATS} (got ${options.repeats})`);
  if (!Number.isInteger(options.bootstrap) || options.bootstrap < 0 || options.bootstrap > 10_000)
    throw new Error(`bootstrap replicates must be an integer from 0 to 10000 (got ${options.bootstrap})`);
  const meta = (base.userDefinedMetadata?.fairnessLab ?? {}) as LabMetadata;
  const task = options.task ?? meta.task ?? 'classification';
  if (task !== 'classification' && task !== 'identification')
    throw new Error(`task must be classification or identification (got "${String(task)}")`);
  // The model's own target only when it was trained for this task.
  const metaTarget = (meta.task ?? 'classification') === task ? meta.target : undefined;
  const target =
    options.target ?? metaTarget ?? (task === 'identification' ? 'identity' : manifest.targets[0]);
  if (!target) throw new Error(`Dataset "${manifest.name}" has no target to evaluate`);
  attribute(manifest, target);
  const sensitive = sensitiveAttributes(manifest).map((a) => a.name);
  const groupAttribute = options.groupAttribute ?? sensitive[0];
  if (!groupAttribute)
    throw new Error(`Dataset "${manifest.name}" has no sensitive attribute to compare groups by`);
  if (!sensitive.includes(groupAttribute))
    throw new Error(
      `"${groupAttribute}" is not a sensitive attribute of "${manifest.name}" (it has: ${sensitive.join(', ')})`,
    );
  assertFitsDataset(base, manifest, target, task);
  const disparity = options.disparity ?? DEFAULT_DISPARITY[task];
  checkDisparity(disparity, task, attribute(manifest, target).values.length);
  for (const s of settings) {
    try {
      checkSetting(base, s);
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(message.includes(s.key) ? message : `${s.key}: ${message}`, { cause: error });
    }
  }
  return {
    settings,
    target,
    task,
    groupAttribute,
    crossAttributes: sensitive.length >= 2 ? sensitive : [],
    disparity,
  };
}

/** Binary rates (selection rate, TPR, …) exist only for two classes; FR-NAS's metrics only for identification. */
function checkDisparity(name: string, task: EvaluationTask, classes: number): void {
  if (task === 'identification') {
    if (!(IDENTIFICATION_NAMES as readonly string[]).includes(name))
      throw new Error(
        `unknown identification disparity "${name}" (use one of ${IDENTIFICATION_NAMES.join(', ')})`,
      );
    return;
  }
  if (!/_(difference|ratio)(_mean)?$/.test(name))
    throw new Error(`unknown disparity "${name}" (e.g. accuracy_difference)`);
  if (classes > 2 && !name.startsWith('accuracy_'))
    throw new Error(
      `${name} needs a binary target (this one has ${classes} classes): use accuracy_difference or accuracy_ratio`,
    );
}

export function sweepId(): string {
  return `sweep-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export async function runSweep(
  input: SweepInput,
  job: JobContext,
  hooks: SweepHooks = {},
): Promise<SweepRecord> {
  const { base, manifest, options } = input;
  const resolved = resolveSweep(base, manifest, options);
  const started = performance.now();
  const now = () => new Date().toISOString();
  const record: SweepRecord = {
    id: input.id ?? sweepId(),
    createdAt: now(),
    updatedAt: now(),
    status: 'running',
    model: input.model,
    datasetId: manifest.id,
    datasetName: manifest.name,
    target: resolved.target,
    task: resolved.task,
    labelNames: attribute(manifest, resolved.target).values,
    groupAttribute: resolved.groupAttribute,
    crossAttributes: resolved.crossAttributes,
    options,
    disparity: resolved.disparity,
    settings: [],
    total: 1 + resolved.settings.length,
    seconds: 0,
  };
  const spec: EvaluationSpec = {
    store: input.store,
    manifest,
    target: resolved.target,
    task: resolved.task,
    groupAttribute: resolved.groupAttribute,
    crossAttributes: resolved.crossAttributes,
    bootstrap: options.bootstrap,
    seed: options.seed,
  };
  const perModel = manifest.split.counts.test;
  const total = perModel * (1 + resolved.settings.length * options.repeats);
  const eta = etaTracker();
  let done = 0;
  const metadata = { ...base.userDefinedMetadata };

  const evaluate = async (
    setting: Setting,
    repeat: number,
    files: CompressedFiles,
  ): Promise<ModelEvaluation> => {
    throwIfCancelled(job.signal);
    const message = `${setting.key}${options.repeats > 1 && setting !== BASELINE ? ` (repeat ${repeat + 1}/${options.repeats})` : ''}`;
    const model = await loadCompressed(files);
    try {
      return await evaluateModel(model, spec, {
        signal: job.signal,
        report: (p) => {
          const at = done + Math.min(p.done, perModel);
          job.report({ phase: 'compress', done: at, total, etaSeconds: eta(at, total), message });
        },
      });
    } finally {
      model.dispose();
      done += perModel;
    }
  };
  const runSetting = async (setting: Setting, repeats: number) => {
    const sizes: SizeReport[] = [];
    const evaluations: ModelEvaluation[] = [];
    let format = '';
    for (let r = 0; r < repeats; r++) {
      const seed = deriveSeed(options.seed, `repeat-${r}`);
      const compressed = fineTunes(setting)
        ? await fineTuned(setting, seed, r)
        : applySetting(base, setting, { seed, metadata });
      format = compressed.format;
      sizes.push(measureExport(compressed.files, compressed.model));
      if (r === 0) await hooks.onFiles?.(setting.key, compressed.files);
      evaluations.push(await evaluate(setting, r, compressed.files));
    }
    return { sizes, evaluations, format };
  };
  const fineTunes = (setting: Setting) =>
    (options.finetuneEpochs ?? 0) > 0 &&
    setting.steps.some((s) => s.kind === 'prune' || s.kind === 'prune-global' || s.kind === 'cluster');
  /** Prune / cluster, fine-tune with the masks and centroids held, then quantise (TFMOT's order). */
  const fineTuned = async (setting: Setting, seed: number, repeat: number) => {
    if (resolved.task !== 'classification')
      throw new Error(
        'fine-tuning trains the classifier with its softmax layer: an embedding model cannot be fine-tuned here',
      );
    const quantising = (s: Setting['steps'][number]) => s.kind === 'int8' || s.kind === 'fp16';
    const pre = applySetting(
      base,
      { ...setting, steps: setting.steps.filter((s) => !quantising(s)) },
      { seed, metadata },
    );
    const prune = setting.steps.find((s) => s.kind === 'prune' || s.kind === 'prune-global');
    const tuned = await fineTune(
      pre.model,
      pre.files,
      {
        masks: pre.masks,
        clusters: pre.clusters,
        sparsity: prune && 'sparsity' in prune ? prune.sparsity : null,
        global: prune?.kind === 'prune-global',
        preserveSparsity: prunesWeights(setting),
      },
      input.store,
      manifest,
      {
        epochs: options.finetuneEpochs!,
        schedule: options.finetuneSchedule ?? 'constant',
        target: resolved.target,
        groupAttribute: resolved.groupAttribute,
        seed,
      },
      {
        signal: job.signal,
        report: (p) =>
          job.report({
            ...p,
            phase: 'fine-tune',
            message: `${setting.key}: fine-tuning (repeat ${repeat + 1}/${options.repeats})`,
            done,
            total,
            etaSeconds: null,
          }),
      },
    );
    return applySetting(tuned, { ...setting, steps: setting.steps.filter(quantising) }, { seed, metadata });
  };
  const update = async () => {
    record.updatedAt = now();
    record.seconds = (performance.now() - started) / 1000;
    await hooks.onUpdate?.(record);
  };

  // The uncompressed model is one model: its population is itself.
  const base0 = await runSetting(BASELINE, 1);
  if (!(resolved.disparity in base0.evaluations[0].disparities))
    throw new Error(
      `unknown disparity "${resolved.disparity}" (this model has: ${Object.keys(base0.evaluations[0].disparities).join(', ')})`,
    );
  record.settings.push(
    summariseSetting({
      setting: BASELINE,
      ...base0,
      baseline: base0.evaluations,
      disparity: resolved.disparity,
    }),
  );
  await update();
  for (const setting of resolved.settings) {
    const result = await runSetting(setting, options.repeats);
    record.settings.push(
      summariseSetting({ setting, ...result, baseline: base0.evaluations, disparity: resolved.disparity }),
    );
    await update();
  }
  record.status = 'done';
  await update();
  return record;
}
