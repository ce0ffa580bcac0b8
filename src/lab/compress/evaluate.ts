/**
 * The compressor's one door to the lab's evaluation: "a model + a dataset" → per-example labels
 * and per-group results. Classification goes through eval/predict's predictSplit and the fairness
 * module's classificationReport (as the Train page's evaluation does); identification (an
 * embedding model) through the fairness module's FR-NAS ranks. Re-point this file when the
 * evaluation API changes; nothing else in compress/ imports eval/.
 */
import * as tf from '@tensorflow/tfjs';
import { attribute, sensitiveAttributes, type DatasetManifest, type SplitName } from '../data/types';
import { predictSplit } from '../eval/predict';
import {
  classificationReport,
  GROUP_SEPARATOR,
  identificationReport,
  type ClassificationReport,
  type IdentificationReport,
} from '../fairness';
import { nearestNeighbourRanks } from '../fairness/ranks';
import { etaTracker, throwIfCancelled, yieldToEventLoop, type JobContext } from '../jobs/job';
import { streamBatches } from '../store/stream';
import type { DatasetStore } from '../store/types';

export type EvaluationTask = 'classification' | 'identification';

export interface EvaluationSpec {
  store: DatasetStore;
  manifest: DatasetManifest;
  /** Classification: the predicted attribute. Identification: the identity attribute. */
  target: string;
  task: EvaluationTask;
  /** The sensitive attribute whose groups are compared. */
  groupAttribute: string;
  /** Attributes crossed into intersectional groups (none when fewer than two). */
  crossAttributes: string[];
  bootstrap: number;
  seed: number;
  split?: SplitName;
}

export type Interval = [number, number];

export interface GroupResult {
  accuracy: number;
  count: number;
  ci: Interval | null;
}

/** One model on one split. */
export interface ModelEvaluation {
  /** Predicted label per example (class index; identification: the nearest neighbour's identity). */
  labels: Int32Array;
  yTrue: Int32Array;
  /** Global image index per example. */
  indices: Int32Array;
  /** The compared group per example ('' when unknown). */
  groups: string[];
  accuracy: number;
  byGroup: Record<string, GroupResult>;
  byIntersection: Record<string, GroupResult>;
  /** Every disparity of the report (Fairlearn names, or FR-NAS's for identification). */
  disparities: Record<string, number | null>;
}

const SPLIT: SplitName = 'test';

/** The shape the model takes must be the dataset's images (the lab feeds stored images as they are). */
export function assertFitsDataset(
  model: { name: string; inputShape: (number | null)[]; outputShape: (number | null)[] },
  manifest: DatasetManifest,
  target: string,
  task: EvaluationTask,
): void {
  const [, h, w, c] = model.inputShape;
  const { size, channels } = manifest.image;
  if (model.inputShape.length !== 4 || h !== size || w !== size || c !== channels)
    throw new Error(
      `Model "${model.name}" takes images of ${model.inputShape
        .slice(1)
        .map((d) => d ?? '?')
        .join(
          '×',
        )} but dataset "${manifest.name}" has ${size}×${size}×${channels}: pick a dataset that fits the model`,
    );
  const classes = attribute(manifest, target).values.length;
  const units = model.outputShape.at(-1);
  if (task === 'classification' && units !== classes)
    throw new Error(
      `Model "${model.name}" outputs ${units} values but "${target}" has ${classes} classes: pick the target it was trained on (or evaluate it as an identification model)`,
    );
  if (manifest.split.counts[SPLIT] === 0)
    throw new Error(`Dataset "${manifest.name}" has no ${SPLIT} images`);
}

function groupNames(codes: Int32Array, values: string[]): string[] {
  return Array.from(codes, (c) => (c >= 0 ? values[c] : ''));
}

function fromClassification(report: ClassificationReport): Record<string, GroupResult> {
  return Object.fromEntries(
    Object.entries(report.by_group).map(([g, m]) => {
      const ci = report.ci?.by_group[g]?.accuracy;
      return [g, { accuracy: m.accuracy ?? 0, count: m.count, ci: ci ? [ci[0], ci[1]] : null }];
    }),
  );
}

function fromIdentification(report: IdentificationReport): Record<string, GroupResult> {
  return Object.fromEntries(
    Object.entries(report.by_group).map(([g, m]) => {
      const ci = report.ci?.by_group[g]?.acc;
      return [g, { accuracy: m.acc, count: m.count, ci: ci ? [ci[0], ci[1]] : null }];
    }),
  );
}

/** Rows where every given attribute is known. */
function knownRows(codes: Int32Array[]): number[] {
  const rows: number[] = [];
  for (let i = 0; i < (codes[0]?.length ?? 0); i++) if (codes.every((c) => c[i] >= 0)) rows.push(i);
  return rows;
}

export async function evaluateModel(
  model: tf.LayersModel,
  spec: EvaluationSpec,
  job: JobContext,
): Promise<ModelEvaluation> {
  return spec.task === 'identification'
    ? evaluateIdentification(model, spec, job)
    : evaluateClassification(model, spec, job);
}

async function evaluateClassification(
  model: tf.LayersModel,
  spec: EvaluationSpec,
  job: JobContext,
): Promise<ModelEvaluation> {
  const p = await predictSplit(
    model,
    spec.store,
    spec.manifest,
    { target: spec.target, split: spec.split ?? SPLIT },
    job,
  );
  // Two named classes: the second is the positive one, so the binary rates exist.
  const posLabel = p.classNames.length === 2 ? p.classNames[1] : undefined;
  const report = (attrs: string[]) => {
    const rows = knownRows(attrs.map((a) => p.groups[a]));
    return classificationReport({
      yTrue: rows.map((i) => p.classNames[p.yTrue[i]]),
      yPred: rows.map((i) => p.classNames[p.yPred[i]]),
      groups: attrs.map((a) => rows.map((i) => p.groupValues[a][p.groups[a][i]])),
      posLabel,
      bootstrap: spec.bootstrap,
      seed: spec.seed,
    });
  };
  const main = report([spec.groupAttribute]);
  return {
    labels: p.yPred,
    yTrue: p.yTrue,
    indices: p.indices,
    groups: groupNames(p.groups[spec.groupAttribute], p.groupValues[spec.groupAttribute]),
    accuracy: main.overall.accuracy ?? 0,
    byGroup: fromClassification(main),
    byIntersection: spec.crossAttributes.length >= 2 ? fromClassification(report(spec.crossAttributes)) : {},
    disparities: main.disparities,
  };
}

/** Raw model outputs (embeddings) over a split, with each image's labels. */
async function embed(model: tf.LayersModel, spec: EvaluationSpec, job: JobContext) {
  const sensitive = sensitiveAttributes(spec.manifest).map((a) => a.name);
  const total = spec.manifest.split.counts[spec.split ?? SPLIT];
  const rows: number[][] = [];
  const yTrue: number[] = [];
  const indices: number[] = [];
  const groups: Record<string, number[]> = Object.fromEntries(sensitive.map((a) => [a, []]));
  const eta = etaTracker();
  const batches = streamBatches(
    spec.store,
    {
      datasetId: spec.manifest.id,
      split: spec.split ?? SPLIT,
      batchSize: 128,
      target: spec.target,
      groupBy: sensitive,
      normalize: 'unit',
    },
    { signal: job.signal },
  );
  let dim = 0;
  for await (const batch of batches) {
    let values: Float32Array;
    try {
      await yieldToEventLoop();
      throwIfCancelled(job.signal);
      const out = tf.tidy(() => (model.predict(batch.x) as tf.Tensor).reshape([batch.size, -1]));
      dim = out.shape[1] as number;
      values = (await out.data()) as Float32Array;
      out.dispose();
    } finally {
      batch.x.dispose();
      batch.y.dispose();
    }
    for (let i = 0; i < batch.size; i++) {
      rows.push(Array.from(values.subarray(i * dim, (i + 1) * dim)));
      yTrue.push(batch.yIndex[i]);
      indices.push(batch.indices[i]);
    }
    for (const a of sensitive) groups[a].push(...batch.groups[a]);
    job.report({ phase: 'evaluate', done: yTrue.length, total, etaSeconds: eta(yTrue.length, total) });
  }
  return {
    embeddings: Float32Array.from(rows.flat()),
    dim,
    yTrue: Int32Array.from(yTrue),
    indices: Int32Array.from(indices),
    groups: Object.fromEntries(Object.entries(groups).map(([a, v]) => [a, Int32Array.from(v)])),
  };
}

/** Identity of each probe's nearest other image by cosine similarity (leave-one-out). */
function nearestIdentity(embeddings: Float32Array, dim: number, ids: Int32Array): Int32Array {
  const n = ids.length;
  return tf.tidy(() => {
    const x = tf.tensor2d(embeddings, [n, dim]);
    const unit = x.div(x.norm('euclidean', 1, true).maximum(1e-12)) as tf.Tensor2D;
    const sims = tf.matMul(unit, unit, false, true).sub(tf.eye(n).mul(4)); // never the probe itself
    const best = sims.argMax(1).dataSync();
    return Int32Array.from(best, (j) => ids[j]);
  });
}

async function evaluateIdentification(
  model: tf.LayersModel,
  spec: EvaluationSpec,
  job: JobContext,
): Promise<ModelEvaluation> {
  const e = await embed(model, spec, job);
  const values = (a: string) => attribute(spec.manifest, a).values;
  const ranks = await nearestNeighbourRanks(e.embeddings, e.dim, e.yTrue);
  const report = (attrs: string[]) => {
    const rows = knownRows(attrs.map((a) => e.groups[a]));
    return identificationReport({
      ranks: rows.map((i) => ranks.rankById[i]),
      groups: rows.map((i) => attrs.map((a) => values(a)[e.groups[a][i]]).join(GROUP_SEPARATOR)),
      bootstrap: spec.bootstrap,
      seed: spec.seed,
    });
  };
  const main = report([spec.groupAttribute]);
  const disparities: Record<string, number | null> = {
    error: main.error,
    disparity: main.disparity,
    ratio: main.ratio,
    rank_disparity: main.rank_disparity,
    rank_ratio: main.rank_ratio,
    error_ratio: main.error_ratio,
  };
  return {
    labels: nearestIdentity(e.embeddings, e.dim, e.yTrue),
    yTrue: e.yTrue,
    indices: e.indices,
    groups: groupNames(e.groups[spec.groupAttribute], values(spec.groupAttribute)),
    accuracy: 1 - (main.error ?? 0),
    byGroup: fromIdentification(main),
    byIntersection: spec.crossAttributes.length >= 2 ? fromIdentification(report(spec.crossAttributes)) : {},
    disparities,
  };
}
