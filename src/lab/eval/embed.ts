import type * as tf from '@tensorflow/tfjs';
import type { DatasetStore } from '../store/types';
import type { JobContext } from '../jobs/job';
import { attribute, sensitiveAttributes, type DatasetManifest, type SplitName } from '../data/types';
import { forEachOutput, SplitColumns, type SplitOptions } from './predict';

/** A model's embeddings of one split, with each image's identity and group attributes. */
export interface SplitEmbeddings {
  split: SplitName;
  /** The identity attribute. */
  target: string;
  /** Row-major [n, dim]. */
  embeddings: Float32Array;
  dim: number;
  /** Identity value index per image. */
  identities: Int32Array;
  indices: Int32Array;
  groups: Record<string, Int32Array>;
  groupValues: Record<string, string[]>;
}

/** Runs an embedding model (its output is the embedding) over a split in order. */
export async function embedSplit(
  model: tf.LayersModel,
  store: DatasetStore,
  manifest: DatasetManifest,
  options: SplitOptions,
  job: JobContext,
): Promise<SplitEmbeddings> {
  attribute(manifest, options.target);
  const sensitive = sensitiveAttributes(manifest);
  const columns = new SplitColumns(sensitive.map((a) => a.name));
  const parts: Float32Array[] = [];
  let dim = 0;
  await forEachOutput(model, store, manifest, options, job, (values, batch) => {
    dim = values.length / batch.size;
    parts.push(values.slice());
    columns.add(batch);
  });
  const embeddings = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    embeddings.set(p, offset);
    offset += p.length;
  }
  return {
    split: options.split,
    target: options.target,
    embeddings,
    dim,
    identities: Int32Array.from(columns.yTrue),
    indices: Int32Array.from(columns.indices),
    groups: columns.typedGroups(),
    groupValues: Object.fromEntries(sensitive.map((a) => [a.name, a.values])),
  };
}
