import * as tf from '@tensorflow/tfjs';
import type { DatasetStore } from '../store/types';
import { streamBatches, type Batch } from '../store/stream';
import { etaTracker, throwIfCancelled, yieldToEventLoop, type JobContext } from '../jobs/job';
import { attribute, sensitiveAttributes, type DatasetManifest, type SplitName } from '../data/types';
import { runModel } from './run-model';

/** A model's predictions on one split, with each image's true label and group attributes. */
export interface SplitPredictions {
  split: SplitName;
  target: string;
  classNames: string[];
  yTrue: Int32Array;
  yPred: Int32Array;
  /** Softmax probabilities, row-major [n, classes]. */
  probabilities: Float32Array;
  /** Global image index of each prediction. */
  indices: Int32Array;
  /** Sensitive attribute → per-image value index. */
  groups: Record<string, Int32Array>;
  /** Sensitive attribute → value names. */
  groupValues: Record<string, string[]>;
}

export interface SplitOptions {
  target: string;
  split: SplitName;
  batchSize?: number;
}

/** The name of a LayersModel's (single) output, as `runModel` finds it. */
export function outputName(model: tf.LayersModel): string {
  return model.outputs[0].sourceLayer?.name ?? model.outputNames[0];
}

/**
 * Streams a split through the model in order (the one prediction path, `runModel`), handing each
 * batch's output values to `collect`. Progress is reported per batch.
 */
export async function forEachOutput(
  model: tf.LayersModel,
  store: DatasetStore,
  manifest: DatasetManifest,
  options: SplitOptions,
  job: JobContext,
  collect: (values: Float32Array, batch: Batch) => void,
): Promise<void> {
  const total = manifest.split.counts[options.split];
  const eta = etaTracker();
  const output = outputName(model);
  let done = 0;
  const batches = streamBatches(
    store,
    {
      datasetId: manifest.id,
      split: options.split,
      batchSize: options.batchSize ?? 128,
      target: options.target,
      groupBy: sensitiveAttributes(manifest).map((a) => a.name),
      normalize: 'unit',
    },
    { signal: job.signal },
  );
  for await (const batch of batches) {
    try {
      await yieldToEventLoop();
      throwIfCancelled(job.signal);
      const { values } = await runModel({ format: 'layers-model', model }, batch.x, output);
      collect(values, batch);
    } finally {
      batch.x.dispose();
      batch.y.dispose();
    }
    done += batch.size;
    job.report({ phase: 'evaluate', done, total, etaSeconds: eta(done, total) });
  }
}

/** Per-split columns every evaluation keeps: labels, indices and sensitive attributes. */
export class SplitColumns {
  readonly yTrue: number[] = [];
  readonly indices: number[] = [];
  readonly groups: Record<string, number[]>;

  constructor(readonly sensitive: string[]) {
    this.groups = Object.fromEntries(sensitive.map((a) => [a, []]));
  }

  add(batch: Batch): void {
    for (let i = 0; i < batch.size; i++) {
      this.yTrue.push(batch.yIndex[i]);
      this.indices.push(batch.indices[i]);
    }
    for (const a of this.sensitive) for (const v of batch.groups[a]) this.groups[a].push(v);
  }

  typedGroups(): Record<string, Int32Array> {
    return Object.fromEntries(Object.entries(this.groups).map(([k, v]) => [k, Int32Array.from(v)]));
  }
}

/** Runs a classifier over a split in order, keeping per-image predictions. */
export async function predictSplit(
  model: tf.LayersModel,
  store: DatasetStore,
  manifest: DatasetManifest,
  options: SplitOptions,
  job: JobContext,
): Promise<SplitPredictions> {
  const classNames = attribute(manifest, options.target).values;
  const sensitive = sensitiveAttributes(manifest);
  const columns = new SplitColumns(sensitive.map((a) => a.name));
  const yPred: number[] = [];
  const probabilities: number[] = [];
  const k = classNames.length;
  await forEachOutput(model, store, manifest, options, job, (logits, batch) => {
    const probs = softmaxRows(logits, k);
    for (let i = 0; i < batch.size; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
      yPred.push(best);
    }
    for (let i = 0; i < probs.length; i++) probabilities.push(probs[i]);
    columns.add(batch);
  });
  return {
    split: options.split,
    target: options.target,
    classNames,
    yTrue: Int32Array.from(columns.yTrue),
    yPred: Int32Array.from(yPred),
    probabilities: Float32Array.from(probabilities),
    indices: Int32Array.from(columns.indices),
    groups: columns.typedGroups(),
    groupValues: Object.fromEntries(sensitive.map((a) => [a.name, a.values])),
  };
}

/** Row-wise softmax of [n, k] logits, in float64 for stability. */
export function softmaxRows(logits: Float32Array, k: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let row = 0; row < logits.length / k; row++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, logits[row * k + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logits[row * k + c] - max);
    for (let c = 0; c < k; c++) out[row * k + c] = Math.exp(logits[row * k + c] - max) / sum;
  }
  return out;
}
