/**
 * What fine-tuning holds fixed, for the training loop to call around each optimizer step:
 *  - PruningConstraint: TFMOT's prune_low_magnitude wrapper. `beforeStep(step)` recomputes the
 *    masks from the current weights where the schedule says so (TFMOT's UpdatePruningStep),
 *    `afterStep()` re-applies them, `strip()` bakes them in (TFMOT's strip_pruning).
 *  - ClusterConstraint: shared centroids. `afterStep()` moves each centroid to the mean of its
 *    weights and snaps every weight back onto its centroid (assignments fixed; the zero centroid
 *    stays 0 under preserve_sparsity), so a layer keeps at most k values.
 * Variables are matched by name (a tfjs LayerVariable's originalName, e.g. "conv_1/kernel").
 */
import * as tf from '@tensorflow/tfjs';
import type { ClusteredWeights } from './clustering';
import { globalMagnitudeMasks, magnitudeMask } from './magnitude-pruning';
import type { PruningSchedule } from './pruning-schedules';

export interface VariableLike {
  name: string;
  originalName?: string;
  read(): tf.Tensor;
  write(value: tf.Tensor): unknown;
}

const keyOf = (v: VariableLike) => v.originalName ?? v.name;

export class PruningConstraint {
  private masks = new Map<string, tf.Tensor>();
  readonly names: readonly string[];

  constructor(
    initial: ReadonlyMap<string, Uint8Array>,
    private readonly schedule: PruningSchedule,
    private readonly scope: 'layer' | 'global' = 'layer',
    private readonly shapes: ReadonlyMap<string, number[]> = new Map(),
  ) {
    this.names = [...initial.keys()];
    for (const [name, mask] of initial) this.setMask(name, mask);
  }

  private setMask(name: string, mask: Uint8Array): void {
    this.masks.get(name)?.dispose();
    const shape = this.shapes.get(name) ?? [mask.length];
    this.masks.set(name, tf.keep(tf.tensor(mask, shape, 'bool')));
  }

  /** The current mask of a weight (1 = kept). */
  mask(name: string): Uint8Array | undefined {
    const t = this.masks.get(name);
    return t ? Uint8Array.from(t.dataSync()) : undefined;
  }

  /** Recomputes the masks at the schedule's pruning steps; returns whether it did. */
  beforeStep(step: number, variables: readonly VariableLike[]): boolean {
    const { shouldPrune, sparsity } = this.schedule.at(step);
    if (!shouldPrune) return false;
    const held = variables.filter((v) => this.masks.has(keyOf(v)));
    const values = held.map((v) => v.read().dataSync() as Float32Array);
    const next =
      this.scope === 'global'
        ? globalMagnitudeMasks(values, sparsity)
        : values.map((x) => magnitudeMask(x, sparsity));
    held.forEach((v, i) => this.setMask(keyOf(v), next[i]));
    this.afterStep(variables);
    return true;
  }

  /** weights ← weights × mask, for every masked variable. */
  afterStep(variables: readonly VariableLike[]): void {
    for (const v of variables) {
      const mask = this.masks.get(keyOf(v));
      if (!mask) continue;
      // Inside tidy: the variable keeps the new data, the temporary tensors go. (where, not ×, so
      // pruned weights are +0, not −0.)
      tf.tidy(() => {
        const value = v.read();
        v.write(tf.where(mask.reshape(value.shape), value, tf.zerosLike(value)));
      });
    }
  }

  /** strip_pruning: the weights with the masks baked in (zeros where pruned). */
  strip(variables: readonly VariableLike[]): void {
    this.afterStep(variables);
    this.dispose();
  }

  dispose(): void {
    for (const t of this.masks.values()) t.dispose();
    this.masks.clear();
  }
}

export class ClusterConstraint {
  private readonly held = new Map<
    string,
    { assignments: tf.Tensor1D; k: number; counts: tf.Tensor1D; zeroMask: tf.Tensor1D | null }
  >();

  constructor(clusters: ReadonlyMap<string, ClusteredWeights>, preserveSparsity: boolean) {
    for (const [name, c] of clusters) {
      const k = c.centroids.length;
      const counts = new Float32Array(k);
      for (const j of c.assignments) counts[j]++;
      const zero = preserveSparsity ? c.centroids.indexOf(0) : -1;
      this.held.set(name, {
        assignments: tf.keep(tf.tensor1d(c.assignments, 'int32')),
        k,
        counts: tf.keep(tf.tensor1d(counts.map((n) => Math.max(n, 1)))),
        // False at the zero centroid, which stays 0.
        zeroMask:
          zero >= 0
            ? tf.keep(
                tf.tensor1d(
                  Uint8Array.from({ length: k }, (_, j) => (j === zero ? 0 : 1)),
                  'bool',
                ),
              )
            : null,
      });
    }
  }

  /** centroid ← mean of its weights; weight ← its centroid. */
  afterStep(variables: readonly VariableLike[]): void {
    for (const v of variables) {
      const c = this.held.get(keyOf(v));
      if (!c) continue;
      tf.tidy(() => {
        const value = v.read();
        const flat = value.reshape([-1]);
        let centroids = tf.div(tf.unsortedSegmentSum(flat, c.assignments, c.k), c.counts);
        if (c.zeroMask) centroids = tf.where(c.zeroMask, centroids, tf.zerosLike(centroids));
        v.write(tf.gather(centroids, c.assignments).reshape(value.shape));
      });
    }
  }

  dispose(): void {
    for (const c of this.held.values()) {
      c.assignments.dispose();
      c.counts.dispose();
      c.zeroMask?.dispose();
    }
    this.held.clear();
  }
}
