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
  private readonly held = new Map<string, { assignments: Int32Array; k: number; zero: number }>();

  constructor(clusters: ReadonlyMap<string, ClusteredWeights>, preserveSparsity: boolean) {
    for (const [name, c] of clusters) {
      // The zero centroid stays 0 under preserve_sparsity.
      this.held.set(name, {
        assignments: Int32Array.from(c.assignments),
        k: c.centroids.length,
        zero: preserveSparsity ? c.centroids.indexOf(0) : -1,
      });
    }
  }

  /**
   * centroid ← mean of its weights; weight ← its centroid. On the CPU side (tfjs's wasm backend
   * has no UnsortedSegmentSum, and a one-hot product would be n × k floats).
   */
  afterStep(variables: readonly VariableLike[]): void {
    for (const v of variables) {
      const c = this.held.get(keyOf(v));
      if (!c) continue;
      const value = v.read();
      const flat = value.dataSync();
      const sums = new Float64Array(c.k);
      const counts = new Float64Array(c.k);
      c.assignments.forEach((j, i) => {
        sums[j] += flat[i];
        counts[j]++;
      });
      const centroids = Float32Array.from(sums, (sum, j) =>
        j === c.zero ? 0 : sum / Math.max(1, counts[j]),
      );
      const snapped = Float32Array.from(c.assignments, (j) => centroids[j]);
      tf.tidy(() => {
        v.write(tf.tensor(snapped, value.shape, 'float32'));
      });
    }
  }

  dispose(): void {
    this.held.clear();
  }
}
