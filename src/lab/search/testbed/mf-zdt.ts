/**
 * A cheap multi-fidelity, bi-objective benchmark over any define-by-run space (the tests' and
 * the bench's stand-in for training): ZDT1 (Zitzler, Deb & Thiele 2000) over a mixed space.
 * Each parameter becomes a coordinate in [0, 1]: a categorical choice a fixed pseudo-random
 * position, a number its (log-)distance from a pseudo-random optimum. Coordinates in name order
 * alternate between the two halves a and b:
 *   f1 = mean(a),  g = 1 + 9·mean(b),  f2 = g·(1 − √(f1/g))   (f1 ∈ [0, 1], f2 ∈ [0, 10]).
 * At a lower budget the values are biased per configuration and noisy, both shrinking to the
 * full budget (noise σ·(1 − r) + 0.01·σ at r = budget / max), so low rungs rank configurations
 * roughly but not exactly as the full budget does. Deterministic in (seed, configuration, epoch).
 */
import type { Distribution, ParamValue } from '../distributions';
import type { TrialRunner } from '../runner';
import { configKey } from '../space';
import { toUnit } from '../unit-space';
import { createRng, deriveSeed } from '../../util/rng';

export interface MfZdtOptions {
  maxBudget: number;
  seed?: number;
  /** Scale of the low-fidelity noise and bias (default 0.3). */
  noise?: number;
  /** Milliseconds to wait per epoch (for parallel tests). */
  epochDelayMs?: number;
}

const unitHash = (seed: number, label: string) => deriveSeed(seed, label) / 4294967296;

export function mfZdtProblem(options: MfZdtOptions) {
  const seed = options.seed ?? 0;
  const noise = options.noise ?? 0.3;
  let epochs = 0;

  const coordinates = (params: Record<string, ParamValue>, distributions: Record<string, Distribution>) =>
    Object.keys(params)
      .sort()
      .map((name) => {
        const d = distributions[name];
        const v = params[name];
        if (d.type === 'categorical') return unitHash(seed, `${name}=${JSON.stringify(v)}`);
        const center = 0.2 + 0.6 * unitHash(seed, `${name}:optimum`);
        return Math.min(1, Math.abs(toUnit(d, v as number) - center) / Math.max(center, 1 - center));
      });

  const exact = (params: Record<string, ParamValue>, distributions: Record<string, Distribution>) => {
    const x = coordinates(params, distributions);
    const a = x.filter((_, i) => i % 2 === 0);
    const b = x.filter((_, i) => i % 2 === 1);
    const mean = (v: number[]) => (v.length ? v.reduce((s, t) => s + t, 0) / v.length : 0);
    const f1 = mean(a);
    const g = 1 + 9 * mean(b);
    return { f: [f1, g * (1 - Math.sqrt(f1 / g))], g };
  };

  /** The objective vector of a configuration after `epoch` epochs. */
  const evaluate = (
    params: Record<string, ParamValue>,
    distributions: Record<string, Distribution>,
    epoch: number,
  ): number[] => {
    const key = configKey(params);
    const r = Math.min(1, epoch / options.maxBudget);
    const rng = createRng(deriveSeed(seed, `${key}@${epoch}`));
    return exact(params, distributions).f.map((f, k) => {
      const bias = noise * (unitHash(seed, `${key}:bias${k}`) - 0.5) * (k === 0 ? 1 : 10);
      const sigma = (noise * (1 - r) + 0.01 * noise) * (k === 0 ? 1 : 10) * 0.2;
      return Math.max(0, f + (1 - r) * bias + sigma * rng.normal());
    });
  };

  const runner: TrialRunner = async (request) => {
    const { trial, budget, resume } = request;
    let start = 0;
    if (resume) {
      const saved = JSON.parse(new TextDecoder().decode(resume.checkpoint)) as { key: string; epoch: number };
      if (saved.key !== configKey(trial.params) || saved.epoch !== resume.budget)
        return { state: 'failed', reason: 'checkpoint belongs to another trial or budget' };
      start = saved.epoch;
    }
    for (let epoch = start + 1; epoch <= budget; epoch++) {
      if (request.signal.aborted) return { state: 'failed', reason: 'aborted' };
      if (options.epochDelayMs) await new Promise((r) => setTimeout(r, options.epochDelayMs));
      epochs++;
      request.report(epoch, evaluate(trial.params, trial.distributions, epoch));
      if (request.shouldStop()) return { state: 'pruned', reason: 'stopped by the scheduler' };
    }
    const checkpoint = new TextEncoder().encode(
      JSON.stringify({ key: configKey(trial.params), epoch: budget }),
    );
    return {
      state: 'complete',
      values: evaluate(trial.params, trial.distributions, budget),
      checkpoint,
      userAttrs: { parameter_count: Math.round(1e5 * exact(trial.params, trial.distributions).g) },
    };
  };

  return {
    evaluate,
    runner,
    /** Epochs trained so far by this problem's runner (the compute a search spent). */
    epochsRun: () => epochs,
    /** The hypervolume reference point for these objectives. */
    referencePoint: [1.1, 11] as [number, number],
  };
}
