/**
 * Optuna's `BaseSampler`: before the search space runs for a new trial, `sampleRelative` may fix
 * parameters from the history (Optuna's relative sampling); every parameter it leaves open is
 * drawn by `sampleIndependent` when the space asks for it.
 *
 * Every sampler is a pure function of the study's seed, the new trial's number and the trials
 * so far: its random streams are derived from (seed, number), never carried between calls. So
 * a study reopened from its storage asks exactly what the uninterrupted study would have asked.
 */
import type { Distribution, ParamValue } from './distributions';
import type { FrozenTrial } from './frozen-trial';
import type { SearchSpace } from './space';
import type { Rng } from '../util/rng';

export interface SamplerContext {
  /** Every trial of the study so far (any state), by number. */
  trials: readonly FrozenTrial[];
  /** The new trial's number. */
  number: number;
  /** Sampled trials before this one (enqueued trials do not count). */
  sampledBefore: number;
  seed: number;
  space: SearchSpace;
  /** Whether the study has constraints (NSGA-II then uses constrained domination). */
  constrained: boolean;
  /** This trial's stream for independent draws. */
  rng: Rng;
}

export interface RelativeSample {
  params: Record<string, ParamValue>;
  /** Notes kept with the trial (e.g. NSGA-II's generation). */
  systemAttrs?: Record<string, unknown>;
}

export interface Sampler {
  readonly name: string;
  /** The sampler's settings; a reopened study must have the same. */
  settings(): Record<string, unknown>;
  sampleRelative(ctx: SamplerContext): RelativeSample;
  sampleIndependent(ctx: SamplerContext, name: string, distribution: Distribution): ParamValue;
}
