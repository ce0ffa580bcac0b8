/**
 * Optuna's `Study`: a named set of trials in a Storage, searched by a Sampler and scheduled by
 * a Scheduler. `optimize` runs trials through k runners at once, like Optuna's `n_jobs`: the
 * storage hands each job to one runner (`claim`), so no two runners hold the same trial.
 *
 * Reproducible and resumable: the sampler and the scheduler are pure functions of the seed and
 * the stored trials, so with one runner the same seed and settings give the same sequence of
 * trials, and a study reopened from its storage (same name, same settings) continues that
 * sequence: finished trials stay, an interrupted (RUNNING) trial is run again.
 */
import { contains, type Distribution, type ParamValue } from './distributions';
import {
  BASELINE_KEY,
  CONSTRAINTS_KEY,
  FIXED_PARAMS_KEY,
  type BudgetResult,
  type FrozenTrial,
  type TrialState,
} from './frozen-trial';
import { paretoTrials } from './results/front';
import type { TrialRunner, TrialRunRequest, TrialRunResult } from './runner';
import type { Sampler, SamplerContext } from './sampler';
import type { Job, Scheduler } from './scheduler';
import { configKey, fixedSource, realise, type SearchSpace } from './space';
import type { Storage } from './storage/storage';
import { drawRandom } from './unit-space';
import { createRng, deriveSeed } from '../util/rng';

export interface StudyOptions {
  storage: Storage;
  name: string;
  /** Objective names, all minimised (e.g. ["error", "rank_disparity"]). */
  objectives: string[];
  space: SearchSpace;
  sampler: Sampler;
  scheduler: Scheduler;
  seed: number;
  /** Optuna's `constraints_func`: values ≤ 0 are feasible; called after each complete evaluation. */
  constraints?: (trial: FrozenTrial) => number[];
  /** Names the constraints in the stored settings (e.g. "params ≤ 2e6"). */
  constraintsLabel?: string;
}

export type StudyEvent =
  | { type: 'trial-created'; trial: FrozenTrial }
  | { type: 'job-started'; number: number; budget: number; worker: string; resumeFrom?: number }
  | { type: 'report'; number: number; budget: number; epoch: number; values: number[]; worker: string }
  | {
      type: 'job-finished';
      number: number;
      budget: number;
      state: 'COMPLETE' | 'PRUNED' | 'FAIL';
      values?: number[];
      reason?: string;
      worker: string;
    }
  | { type: 'trial-finished'; number: number; state: TrialState }
  | { type: 'warning'; message: string };

export interface OptimizeOptions {
  /** One runner per parallel slot (k = runners.length). */
  runners: readonly TrialRunner[];
  /** The study's total number of sampled trials (enqueued trials run in addition). */
  maxTrials: number;
  /** Cancel (or a reload): running jobs are aborted and run again when the study resumes. */
  signal?: AbortSignal;
  /** Pause: nothing new starts; running jobs finish. */
  drain?: AbortSignal;
  onEvent?: (event: StudyEvent) => void;
  workerIds?: readonly string[];
}

export interface OptimizeSummary {
  stopped: 'done' | 'aborted' | 'drained';
  trials: number;
  complete: number;
  pruned: number;
  failed: number;
}

const stableJson = (x: unknown): string =>
  JSON.stringify(x, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );

export class Study {
  private constructor(private readonly o: StudyOptions) {}

  /** Creates the study in its storage, or reopens it there when its settings match. */
  static async create(options: StudyOptions): Promise<Study> {
    const config = {
      space: options.space.name,
      sampler: options.sampler.settings(),
      scheduler: options.scheduler.settings(),
      seed: options.seed,
      constraints: options.constraints ? (options.constraintsLabel ?? 'custom') : null,
    };
    const { study, created } = await options.storage.createStudy(options.name, options.objectives, config);
    if (!created) {
      if (stableJson(study.objectives) !== stableJson(options.objectives))
        throw new Error(
          `study "${options.name}" has objectives ${study.objectives.join(', ')}, not ${options.objectives.join(', ')}`,
        );
      for (const key of Object.keys(config) as (keyof typeof config)[])
        if (stableJson(study.config[key]) !== stableJson(config[key]))
          throw new Error(
            `study "${options.name}" was made with ${key} ${stableJson(study.config[key])}, not ${stableJson(config[key])}`,
          );
    }
    return new Study(options);
  }

  get name(): string {
    return this.o.name;
  }

  get objectives(): string[] {
    return [...this.o.objectives];
  }

  trials(): FrozenTrial[] {
    return this.o.storage.getTrials(this.o.name);
  }

  /** Optuna's `best_trials`: the Pareto front of COMPLETE (full-budget), feasible trials. */
  bestTrials(): FrozenTrial[] {
    return paretoTrials(this.trials());
  }

  /** Sampled trials so far (enqueued ones do not count). */
  sampledCount(): number {
    return this.trials().filter((t) => !(FIXED_PARAMS_KEY in t.systemAttrs)).length;
  }

  /** Optuna's `ask`: a new trial, its parameters chosen by the sampler as the space asks for them. */
  async ask(systemAttrs: Record<string, unknown> = {}): Promise<FrozenTrial> {
    const { storage, sampler, space, seed } = this.o;
    const trials = this.trials();
    const ctx: SamplerContext = {
      trials,
      number: trials.length,
      sampledBefore: trials.filter((t) => !(FIXED_PARAMS_KEY in t.systemAttrs)).length,
      seed,
      space,
      constrained: this.o.constraints !== undefined,
      rng: createRng(deriveSeed(seed, `trial:${trials.length}`)),
    };
    const relative = sampler.sampleRelative(ctx);
    const config = realise(
      space,
      fixedSource(
        relative.params,
        (n, d) => sampler.sampleIndependent(ctx, n, d),
        (_n, d, v) => contains(d, v),
      ),
      knownDistributions(trials),
    );
    return storage.createTrial(this.o.name, {
      params: config.params,
      distributions: config.distributions,
      systemAttrs: { ...systemAttrs, ...relative.systemAttrs },
    });
  }

  /**
   * Optuna's `enqueue_trial`: a trial with fixed parameters (a baseline), run first at the full
   * budget. Parameters the space asks for but `params` lacks are drawn at random; one the space
   * never asks for is an error. With `skipIfExists`, the same parameters are not enqueued twice.
   */
  async enqueueTrial(
    params: Record<string, ParamValue>,
    options: { label?: string; userAttrs?: Record<string, unknown>; skipIfExists?: boolean } = {},
  ): Promise<FrozenTrial> {
    const trials = this.trials();
    const key = configKey(params);
    const existing = trials.find(
      (t) => FIXED_PARAMS_KEY in t.systemAttrs && configKey(t.systemAttrs[FIXED_PARAMS_KEY] as never) === key,
    );
    if (existing && options.skipIfExists) return existing;
    const rng = createRng(deriveSeed(this.o.seed, `enqueued:${trials.length}`));
    const config = realise(
      this.o.space,
      fixedSource(
        params,
        (_n, d) => drawRandom(d, rng),
        (_n, d, v) => contains(d, v),
      ),
      knownDistributions(trials),
    );
    const unused = Object.keys(params).filter((k) => !(k in config.params) || config.params[k] !== params[k]);
    if (unused.length > 0)
      throw new Error(
        `enqueued parameters not in space "${this.o.space.name}" as given: ${unused.join(', ')}`,
      );
    return this.o.storage.createTrial(this.o.name, {
      params: config.params,
      distributions: config.distributions,
      userAttrs: { ...options.userAttrs, ...(options.label ? { [BASELINE_KEY]: options.label } : {}) },
      systemAttrs: { [FIXED_PARAMS_KEY]: params },
    });
  }

  /** Applies the scheduler's verdicts (PRUNED at a rung, COMPLETE at the top, FAIL). */
  private async settle(emit: (e: StudyEvent) => void): Promise<void> {
    for (const v of this.o.scheduler.settle(this.trials())) {
      await this.o.storage.finish(this.o.name, v.number, v.state);
      emit({ type: 'trial-finished', number: v.number, state: v.state });
    }
  }

  async optimize(options: OptimizeOptions): Promise<OptimizeSummary> {
    const { storage, scheduler } = this.o;
    if (options.runners.length === 0) throw new Error('optimize needs at least one runner');
    if (!Number.isInteger(options.maxTrials) || options.maxTrials < 0)
      throw new Error(`maxTrials must be an integer ≥ 0 (got ${options.maxTrials})`);
    const emit = (e: StudyEvent) => options.onEvent?.(e);

    for (const t of this.trials())
      if (t.state === 'RUNNING') await storage.release(this.o.name, t.number, 'interrupted; run again');

    const slots = options.runners.map((runner, i) => ({
      runner,
      worker: options.workerIds?.[i] ?? `worker-${i}`,
      busy: undefined as Promise<void> | undefined,
    }));
    let stopped: OptimizeSummary['stopped'] = 'done';
    const aborted = new Promise<void>((resolve) => {
      if (options.signal?.aborted) resolve();
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
    });

    for (;;) {
      if (options.signal?.aborted) {
        stopped = 'aborted';
        break;
      }
      await this.settle(emit);
      if (!options.drain?.aborted) {
        for (let free = slots.find((s) => !s.busy); free; free = slots.find((s) => !s.busy)) {
          const decision = scheduler.next(this.trials(), {
            canSample: this.sampledCount() < options.maxTrials,
          });
          if (decision.kind === 'sample') {
            const count = Math.min(decision.count, options.maxTrials - this.sampledCount());
            for (let i = 0; i < count; i++)
              emit({ type: 'trial-created', trial: await this.ask(decision.systemAttrs) });
            continue;
          }
          if (decision.kind !== 'run') break;
          const slot = free;
          if (!(await storage.claim(this.o.name, decision.job.number, decision.job.budget, slot.worker))) {
            emit({ type: 'warning', message: `could not claim trial ${decision.job.number}` });
            break;
          }
          slot.busy = this.runJob(slot.runner, slot.worker, decision.job, options, emit).finally(() => {
            slot.busy = undefined;
          });
        }
      } else stopped = 'drained';
      const busy = slots.flatMap((s) => (s.busy ? [s.busy] : []));
      if (busy.length === 0) break;
      await Promise.race([...busy, aborted]);
    }
    await Promise.allSettled(slots.flatMap((s) => (s.busy ? [s.busy] : [])));
    if (stopped !== 'aborted') await this.settle(emit);
    const trials = this.trials();
    const count = (s: TrialState) => trials.filter((t) => t.state === s).length;
    return {
      stopped,
      trials: trials.length,
      complete: count('COMPLETE'),
      pruned: count('PRUNED'),
      failed: count('FAIL'),
    };
  }

  private async runJob(
    runner: TrialRunner,
    worker: string,
    job: Job,
    options: OptimizeOptions,
    emit: (e: StudyEvent) => void,
  ): Promise<void> {
    const { storage, scheduler, name } = this.o;
    const trial = storage.getTrial(name, job.number)!;
    const checkpoint =
      job.resumeFrom === undefined
        ? undefined
        : await storage.getCheckpoint(name, job.number, job.resumeFrom);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const m = this.o.objectives.length;
    const writes: Promise<void>[] = [];
    let stop = false;
    emit({ type: 'job-started', number: job.number, budget: job.budget, worker, resumeFrom: job.resumeFrom });

    const request: TrialRunRequest = {
      trial,
      budget: job.budget,
      resume: checkpoint && job.resumeFrom !== undefined ? { budget: job.resumeFrom, checkpoint } : undefined,
      report: (epoch, values) => {
        if (controller.signal.aborted) return;
        const problem = checkValues(values, m);
        if (problem) {
          emit({
            type: 'warning',
            message: `trial ${job.number} epoch ${epoch}: ${problem}; report ignored`,
          });
          return;
        }
        try {
          writes.push(storage.report(name, job.number, job.budget, epoch, [...values]));
        } catch (error) {
          emit({ type: 'warning', message: `trial ${job.number}: ${(error as Error).message}` });
          return;
        }
        stop = scheduler.shouldStop(trial, epoch, values);
        emit({ type: 'report', number: job.number, budget: job.budget, epoch, values: [...values], worker });
      },
      shouldStop: () => stop,
      signal: controller.signal,
    };

    let result: TrialRunResult;
    try {
      result = await runner(request);
    } catch (error) {
      result = { state: 'failed', reason: error instanceof Error ? error.message : String(error) };
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    await Promise.all(writes);
    if (options.signal?.aborted) {
      await storage.release(name, job.number, 'aborted; run again');
      return;
    }
    const state = result.state === 'complete' ? 'COMPLETE' : result.state === 'pruned' ? 'PRUNED' : 'FAIL';
    const problem = state === 'COMPLETE' ? checkValues(result.values, m) : undefined;
    const values = result.values && !checkValues(result.values, m) ? [...result.values] : undefined;
    const final = problem ? 'FAIL' : state;
    const reason = problem ? `runner returned ${problem}` : result.reason;
    const evaluation: BudgetResult = {
      budget: job.budget,
      state: final,
      ...(values ? { values } : {}),
      ...(reason ? { reason } : {}),
    };
    if (final === 'COMPLETE' && this.o.constraints) {
      // Constraints see the evaluation (e.g. a parameter count in its user attrs) before it lands.
      const current = storage.getTrial(name, job.number)!;
      const c = this.o.constraints({
        ...current,
        results: [...current.results, evaluation],
        userAttrs: { ...current.userAttrs, ...result.userAttrs },
      });
      if (!Array.isArray(c) || c.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
        throw new Error(
          `constraints for trial ${job.number} must be finite numbers, got ${JSON.stringify(c)}`,
        );
      await storage.setSystemAttr(name, job.number, CONSTRAINTS_KEY, c);
    }
    if (result.checkpoint && final !== 'FAIL')
      await storage.putCheckpoint(name, job.number, job.budget, result.checkpoint);
    await storage.recordResult(name, job.number, evaluation, result.userAttrs);
    emit({
      type: 'job-finished',
      number: job.number,
      budget: job.budget,
      state: final,
      values,
      reason,
      worker,
    });
  }
}

function checkValues(values: readonly number[] | undefined, m: number): string | undefined {
  if (!values) return 'no objective values';
  if (values.length !== m) return `${values.length} values for ${m} objectives`;
  if (values.some((v) => !Number.isFinite(v))) return `non-finite values [${values.join(', ')}]`;
  return undefined;
}

function knownDistributions(trials: readonly FrozenTrial[]): Record<string, Distribution> {
  const known: Record<string, Distribution> = {};
  for (const t of trials) for (const [k, d] of Object.entries(t.distributions)) known[k] ??= d;
  return known;
}
