import type * as tf from '@tensorflow/tfjs';
import type { DatasetManifest } from '../data/types';
import type { JobContext } from '../jobs/job';
import type { DatasetStore } from '../store/types';
import { DEFAULT_TRAIN_CONFIG } from '../train/config';
import { TrainingSession } from '../train/session';
import type { ClusteredWeights } from './clustering';
import type { CompressibleModel } from './compressible-model';
import { ClusterConstraint, PruningConstraint } from './constraints';
import { loadCompressed, type CompressedFiles } from './export';
import { constantSparsity, polynomialDecay, type PruningSchedule } from './pruning-schedules';

export interface FineTuneOptions {
  epochs: number;
  /** TFMOT's two schedules: ConstantSparsity(target), or PolynomialDecay(0 → target, power 3) over the fine-tuning steps. */
  schedule: 'constant' | 'polynomial';
  target: string;
  groupAttribute: string;
  seed: number;
  /** Adam's learning rate (default 1e-4: fine-tuning, not training from scratch). */
  learningRate?: number;
  batchSize?: number;
}

/**
 * Fine-tunes a compressed classifier with its masks and shared centroids held, as TFMOT does:
 * the files (pruned / clustered, before quantisation) are loaded as a LayersModel, trained on
 * the training split for `epochs` with the pruning constraint re-applying its masks after every
 * step (and recomputing them at the schedule's pruning steps, TFMOT's UpdatePruningStep) and
 * the cluster constraint snapping each weight to its centroid; then the masks are baked in
 * (TFMOT's strip_pruning). Returns the model with the fine-tuned weights.
 */
export async function fineTune(
  base: CompressibleModel,
  files: CompressedFiles,
  compression: {
    masks: ReadonlyMap<string, Uint8Array>;
    clusters: ReadonlyMap<string, ClusteredWeights>;
    sparsity: number | null;
    global: boolean;
    preserveSparsity: boolean;
  },
  store: DatasetStore,
  manifest: DatasetManifest,
  options: FineTuneOptions,
  job: JobContext,
): Promise<CompressibleModel> {
  if (!(Number.isInteger(options.epochs) && options.epochs >= 1))
    throw new Error(`fine-tuning epochs must be a positive integer (got ${options.epochs})`);
  const model = await loadCompressed(files);
  const batchSize = options.batchSize ?? DEFAULT_TRAIN_CONFIG.batchSize;
  const steps = options.epochs * Math.max(1, Math.ceil(manifest.split.counts.train / batchSize));
  const session = await TrainingSession.fromModel(store, manifest, model, {
    ...DEFAULT_TRAIN_CONFIG,
    target: options.target,
    groupAttribute: options.groupAttribute,
    epochs: options.epochs,
    batchSize,
    seed: options.seed,
    validate: false,
    optimizer: { name: 'adam', learningRate: options.learningRate ?? 1e-4 },
  });
  const shapes = new Map(base.weights.map((w) => [w.name, w.shape]));
  const schedule: PruningSchedule | null =
    compression.sparsity === null
      ? null
      : options.schedule === 'polynomial'
        ? polynomialDecay({
            initialSparsity: 0,
            finalSparsity: compression.sparsity,
            beginStep: 0,
            endStep: steps,
            frequency: Math.max(1, Math.floor(steps / 10)),
          })
        : constantSparsity({ targetSparsity: compression.sparsity, frequency: steps + 1 });
  const pruning = schedule
    ? new PruningConstraint(compression.masks, schedule, compression.global ? 'global' : 'layer', shapes)
    : null;
  const clusters =
    compression.clusters.size > 0
      ? new ClusterConstraint(compression.clusters, compression.preserveSparsity)
      : null;
  const variables = () => model.weights as unknown as tf.LayerVariable[];
  try {
    const outcome = await session.train(job, {
      afterStep: (_trainable, step) => {
        if (pruning && !pruning.beforeStep(step, variables())) pruning.afterStep(variables());
        clusters?.afterStep(variables());
      },
    });
    if (outcome.state !== 'complete')
      throw new Error(`fine-tuning ${outcome.state}: ${outcome.reason ?? ''}`);
    pruning?.strip(variables());
    clusters?.afterStep(variables());
    const values = new Map(model.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
    return {
      ...base,
      weights: base.weights.map((w) =>
        values.has(w.name) && w.dtype === 'float32'
          ? { ...w, values: Float32Array.from(values.get(w.name)!) }
          : w,
      ),
    };
  } finally {
    pruning?.dispose();
    clusters?.dispose();
    session.dispose();
  }
}
