import * as tf from '@tensorflow/tfjs';
import type { DatasetStore } from '../store/types';
import { streamBatches } from '../store/stream';
import { etaTracker, throwIfCancelled, yieldToEventLoop, type JobContext } from '../jobs/job';
import { attribute, sensitiveAttributes, type DatasetManifest, type SplitName } from '../data/types';

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

/** Runs the model over a split in order, keeping per-image predictions. */
export async function predictSplit(
  model: tf.LayersModel,
  store: DatasetStore,
  manifest: DatasetManifest,
  options: { target: string; split: SplitName; batchSize?: number },
  job: JobContext,
): Promise<SplitPredictions> {
  const classNames = attribute(manifest, options.target).values;
  const sensitive = sensitiveAttributes(manifest);
  const total = manifest.split.counts[options.split];
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const indices: number[] = [];
  const probabilities: number[] = [];
  const groups: Record<string, number[]> = Object.fromEntries(sensitive.map((a) => [a.name, []]));
  const eta = etaTracker();
  const batches = streamBatches(
    store,
    {
      datasetId: manifest.id,
      split: options.split,
      batchSize: options.batchSize ?? 128,
      target: options.target,
      groupBy: sensitive.map((a) => a.name),
      normalize: 'unit',
    },
    { signal: job.signal },
  );
  for await (const batch of batches) {
    let probs: Float32Array;
    try {
      await yieldToEventLoop();
      throwIfCancelled(job.signal);
      const p = tf.tidy(() => tf.softmax(model.predict(batch.x) as tf.Tensor2D));
      probs = (await p.data()) as Float32Array;
      p.dispose();
    } finally {
      batch.x.dispose();
      batch.y.dispose();
    }
    const k = classNames.length;
    for (let i = 0; i < batch.size; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
      yPred.push(best);
      yTrue.push(batch.yIndex[i]);
      indices.push(batch.indices[i]);
    }
    for (let i = 0; i < probs.length; i++) probabilities.push(probs[i]);
    for (const a of sensitive) for (const v of batch.groups[a.name]) groups[a.name].push(v);
    job.report({ phase: 'evaluate', done: yTrue.length, total, etaSeconds: eta(yTrue.length, total) });
  }
  return {
    split: options.split,
    target: options.target,
    classNames,
    yTrue: Int32Array.from(yTrue),
    yPred: Int32Array.from(yPred),
    probabilities: Float32Array.from(probabilities),
    indices: Int32Array.from(indices),
    groups: Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, Int32Array.from(v)])),
    groupValues: Object.fromEntries(sensitive.map((a) => [a.name, a.values])),
  };
}
