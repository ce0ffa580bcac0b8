/**
 * Weight clustering (weight sharing) of one tensor: k centroids, every weight replaced by its
 * nearest centroid, so a layer holds at most k distinct values.
 *
 * Centroid initialisation as TFMOT's clustering_centroids.py: 'linear' spaces k centroids evenly
 * over [min, max] (what Stoychev & Gunes used), 'kmeans++' samples them by D² weighting (TFMOT's
 * default). TFMOT then learns the centroids by fine-tuning; without fine-tuning they are refined
 * here by Lloyd's iterations (the k-means of Han et al. 2016, "Deep Compression"); `iterations: 0`
 * keeps the initial centroids, i.e. TFMOT's clustering before any training.
 *
 * preserveSparsity is TFMOT's sparsity-preserving clustering: one centroid is fixed at 0 and the
 * zeros stay zeros; the remaining k − 1 centroids are split between the negative and positive
 * weights in proportion to their counts, and each side is clustered on its own.
 */
import { createRng, type Rng } from '../util/rng';

export type CentroidInit = 'linear' | 'kmeans++';

export interface ClusterOptions {
  init: CentroidInit;
  preserveSparsity?: boolean;
  /** Lloyd iterations after initialisation (default 30; stops early when nothing moves). */
  iterations?: number;
  /** Seeds k-means++. */
  seed?: number;
}

export interface ClusteredWeights {
  values: Float32Array;
  /** Sorted centroids (float32-exact); with preserveSparsity one of them is 0. */
  centroids: Float32Array;
  /** Index into centroids per weight. */
  assignments: Int32Array;
}

export const CLUSTER_COUNTS = [2, 4, 8, 16, 32, 64, 128] as const;

export function validateClusterCount(k: number, weightCount: number, where: string): void {
  if (!Number.isInteger(k) || k < 2) throw new Error(`cluster count must be an integer ≥ 2 (got ${k})`);
  if (k > weightCount)
    throw new Error(`cluster:${k}: ${where} has only ${weightCount} weights, fewer than k = ${k}`);
}

function linearInit(sorted: Float64Array, k: number): number[] {
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  if (k === 1) return [lo];
  return Array.from({ length: k }, (_, i) => lo + ((hi - lo) * i) / (k - 1));
}

function kmeansPlusPlusInit(sorted: Float64Array, k: number, rng: Rng): number[] {
  const centroids = [sorted[rng.int(sorted.length)]];
  const d2 = Float64Array.from(sorted, (v) => (v - centroids[0]) ** 2);
  while (centroids.length < k) {
    let total = 0;
    for (let i = 0; i < d2.length; i++) total += d2[i];
    // All remaining weights coincide with a centroid: duplicates change nothing.
    const next = total > 0 ? sorted[rng.pick(d2)] : centroids[0];
    centroids.push(next);
    for (let i = 0; i < d2.length; i++) d2[i] = Math.min(d2[i], (sorted[i] - next) ** 2);
  }
  return centroids;
}

/** Lloyd's algorithm on sorted 1-D data: clusters are contiguous runs split at centroid midpoints. */
function lloyd(sorted: Float64Array, initial: number[], iterations: number): number[] {
  let centroids = [...new Set(initial)].sort((a, b) => a - b);
  for (let it = 0; it < iterations; it++) {
    const sums = new Float64Array(centroids.length);
    const counts = new Float64Array(centroids.length);
    let c = 0;
    for (let i = 0; i < sorted.length; i++) {
      while (c + 1 < centroids.length && sorted[i] > (centroids[c] + centroids[c + 1]) / 2) c++;
      sums[c] += sorted[i];
      counts[c]++;
    }
    const next = centroids.map((old, j) => (counts[j] > 0 ? sums[j] / counts[j] : old));
    const moved = next.some((v, j) => Math.fround(v) !== Math.fround(centroids[j]));
    centroids = [...new Set(next)].sort((a, b) => a - b);
    if (!moved) break;
  }
  return centroids;
}

function centroidsFor(values: number[], k: number, options: ClusterOptions, rng: Rng): number[] {
  if (k <= 0 || values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const initial = options.init === 'linear' ? linearInit(sorted, k) : kmeansPlusPlusInit(sorted, k, rng);
  return lloyd(sorted, initial, options.iterations ?? 30);
}

function nearest(centroids: Float32Array, value: number): number {
  // Binary search on sorted centroids.
  let lo = 0;
  let hi = centroids.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value > (centroids[mid] + centroids[mid + 1]) / 2) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function clusterWeights(values: Float32Array, k: number, options: ClusterOptions): ClusteredWeights {
  const rng = createRng(options.seed ?? 0);
  let list: number[];
  if (options.preserveSparsity) {
    const negative: number[] = [];
    const positive: number[] = [];
    for (const v of values) {
      if (v < 0) negative.push(v);
      else if (v > 0) positive.push(v);
    }
    const nonZero = negative.length + positive.length;
    const kNegative = nonZero === 0 ? 0 : Math.round(((k - 1) * negative.length) / nonZero);
    const kPositive = nonZero === 0 ? 0 : k - 1 - kNegative;
    list = [
      ...centroidsFor(negative, Math.min(kNegative, negative.length), options, rng),
      0,
      ...centroidsFor(positive, Math.min(kPositive, positive.length), options, rng),
    ];
  } else {
    list = centroidsFor(Array.from(values), k, options, rng);
  }
  const centroids = Float32Array.from(new Set(list.map(Math.fround))).sort();
  const assignments = new Int32Array(values.length);
  const out = new Float32Array(values.length);
  const zero = centroids.indexOf(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Zeros stay zeros. (A non-zero weight is never nearer a centroid across 0 than the zero centroid.)
    const j = options.preserveSparsity && v === 0 ? zero : nearest(centroids, v);
    assignments[i] = j;
    out[i] = centroids[j];
  }
  return { values: out, centroids, assignments };
}

export function distinctCount(values: ArrayLike<number>): number {
  return new Set(Array.from(values)).size;
}
