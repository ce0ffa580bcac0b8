/**
 * Leave-one-out nearest-neighbour ranks over one split, by cosine similarity, as FR-NAS
 * computes them. Each image is a probe against every other image of the split.
 *
 * rank_by_image = number of images of other identities ranked before the probe's first
 * mate (best-scoring other image of its own identity); rank_by_id = number of distinct
 * other identities with an image ranked before it. Rank 0 = correct.
 * Ties are pessimistic: an image of another identity whose similarity equals the best
 * mate's counts as ranked before it. A probe whose identity has no other image gets
 * rank -1 (excluded; identificationReport counts and reports them).
 *
 * Similarity runs on the active tfjs backend in chunks of probes (one matMul of a chunk
 * against the whole transposed gallery, all inside tf.tidy), then each row is ranked on
 * the CPU, so memory is O(chunk · N) rather than O(N²).
 */
import * as tf from '@tensorflow/tfjs';
import type { LabelArray } from './labels';
import { encode } from './labels';

export interface RankOptions {
  /** Embeddings of the horizontally flipped images: ranks use L2-normalised f(x) + f(flip(x)). */
  flipped?: Float32Array;
  /** Probes per matMul (default: about 16M similarities per chunk). */
  chunkSize?: number;
}

export interface Ranks {
  rankById: Int32Array;
  rankByImage: Int32Array;
  /** Probes without another image of their identity (their ranks are -1). */
  excluded: number;
}

/** `embeddings` is row-major n × dim. */
export async function nearestNeighbourRanks(
  embeddings: Float32Array,
  dim: number,
  identities: LabelArray,
  opts: RankOptions = {},
): Promise<Ranks> {
  const n = identities.length;
  if (embeddings.length !== n * dim)
    throw new Error(`embeddings hold ${embeddings.length} values, expected ${n} × ${dim}`);
  if (opts.flipped && opts.flipped.length !== embeddings.length)
    throw new Error('flipped embeddings differ in shape');
  const ids = encode(identities).codes;
  const chunk = Math.max(1, opts.chunkSize ?? Math.floor(16_000_000 / Math.max(n, 1)));

  const [gallery, galleryT] = tf.tidy(() => {
    let x = tf.tensor2d(embeddings, [n, dim]);
    if (opts.flipped) x = x.add(tf.tensor2d(opts.flipped, [n, dim]));
    const normalised = x.div(x.norm('euclidean', 1, true).maximum(1e-12)) as tf.Tensor2D;
    return [normalised, normalised.transpose()];
  });
  const members = membersByIdentity(ids);
  const rankById = new Int32Array(n).fill(-1);
  const rankByImage = new Int32Array(n).fill(-1);
  const seen = new Int32Array(members.length).fill(-1);
  try {
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const sims = tf.tidy(() => tf.matMul(gallery.slice([start, 0], [rows, dim]), galleryT));
      const values = (await sims.data()) as Float32Array;
      sims.dispose();
      for (let r = 0; r < rows; r++) {
        rankRow(values.subarray(r * n, (r + 1) * n), start + r, ids, members, seen, rankById, rankByImage);
      }
    }
  } finally {
    gallery.dispose();
    galleryT.dispose();
  }
  let excluded = 0;
  for (let i = 0; i < n; i++) if (rankById[i] < 0) excluded++;
  return { rankById, rankByImage, excluded };
}

function membersByIdentity(ids: Int32Array): Int32Array[] {
  const lists: number[][] = [];
  ids.forEach((id, i) => (lists[id] ??= []).push(i));
  return lists.map((list) => Int32Array.from(list));
}

/** Ranks one probe from its similarity row; `seen` stamps identities already counted. */
export function rankRow(
  sims: ArrayLike<number>,
  probe: number,
  ids: Int32Array,
  members: Int32Array[],
  seen: Int32Array,
  rankById: Int32Array,
  rankByImage: Int32Array,
): void {
  const own = ids[probe];
  let best = -Infinity;
  let hasMate = false;
  for (const j of members[own]) {
    if (j === probe) continue;
    hasMate = true;
    if (sims[j] > best) best = sims[j];
  }
  if (!hasMate) return;
  let images = 0;
  let identities = 0;
  for (let j = 0; j < sims.length; j++) {
    const id = ids[j];
    if (id === own || !(sims[j] >= best)) continue;
    images++;
    if (seen[id] !== probe) {
      seen[id] = probe;
      identities++;
    }
  }
  rankById[probe] = identities;
  rankByImage[probe] = images;
}
