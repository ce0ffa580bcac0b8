/**
 * Hyperband over epochs, scheduled as SMAC3's intensifier does it (`successive_halving.py`
 * `__iter__`, `hyperband.py` `_get_next_bracket`): brackets are filled in turn (0, 1, …, s_max,
 * 0, …), each with a batch of new configurations; a batch's stage runs its configurations at
 * the stage's budget; once all of them are evaluated, SMAC's multi-objective rule
 * (`smacSelectBest`) promotes the next stage's share, and the others are PRUNED. When nothing
 * can run (everything running or waiting for a rung), a new batch starts (so k workers keep
 * busy, as in SMAC). A promoted trial continues from its checkpoint at the lower rung.
 *
 * The state is read off the trials: `hb:batch` / `hb:bracket` system attrs and the results per
 * budget. Enqueued trials (baselines, Optuna's `enqueue_trial`) have no batch: they run once at
 * the full budget, first. A failed configuration cannot continue and is never promoted; when
 * the last batch has fewer configurations than its bracket (the trial budget ran out), each
 * stage promotes at most as many as it has.
 */
import { resultAt, type FrozenTrial, type TrialState } from '../frozen-trial';
import type { Job, Scheduler, SchedulerDecision } from '../scheduler';
import { hyperbandBrackets, type Bracket } from './hyperband-brackets';
import { smacSelectBest } from './smac-promotion';

export const BATCH_KEY = 'hb:batch';
export const BRACKET_KEY = 'hb:bracket';

export interface HyperbandOptions {
  minBudget: number;
  maxBudget: number;
  eta?: number;
}

interface Stage {
  budget: number;
  configs: FrozenTrial[];
}

interface Walk {
  stages: Stage[];
  /** The last stage still has configurations to evaluate. */
  open: boolean;
  /** The last stage is the bracket's final one (its configurations are COMPLETE once evaluated). */
  top: boolean;
}

/** Follows a batch through its stages as far as its results go. */
function walkBatch(members: FrozenTrial[], bracket: Bracket): Walk {
  const stages: Stage[] = [];
  let configs = members;
  for (let s = 0; ; s++) {
    const budget = bracket.budgets[s];
    stages.push({ budget, configs });
    if (configs.some((t) => !resultAt(t, budget))) return { stages, open: true, top: false };
    if (s === bracket.budgets.length - 1) return { stages, open: false, top: true };
    const ok = configs.filter((t) => resultAt(t, budget)?.state === 'COMPLETE');
    const picked = smacSelectBest(
      ok.map((t) => ({ number: t.number, costs: resultAt(t, budget)!.values! })),
      bracket.nConfigs[s + 1],
    );
    if (picked.length === 0) return { stages, open: false, top: false };
    const byNumber = new Map(configs.map((t) => [t.number, t]));
    configs = picked.map((e) => byNumber.get(e.number)!);
  }
}

export function hyperband(options: HyperbandOptions): Scheduler {
  const eta = options.eta ?? 2;
  if (!Number.isInteger(options.minBudget) || options.minBudget < 1)
    throw new Error(`the min budget is in epochs: an integer ≥ 1 (got ${options.minBudget})`);
  const brackets = hyperbandBrackets(options.minBudget, options.maxBudget, eta);
  const maxBudget = brackets[0].budgets[brackets[0].budgets.length - 1];

  const batches = (trials: readonly FrozenTrial[]) => {
    const byBatch = new Map<number, FrozenTrial[]>();
    for (const t of trials) {
      const b = t.systemAttrs[BATCH_KEY];
      if (typeof b === 'number') byBatch.set(b, [...(byBatch.get(b) ?? []), t]);
    }
    return [...byBatch.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, members]) => ({ members, bracket: brackets[members[0].systemAttrs[BRACKET_KEY] as number] }));
  };

  const next = (trials: readonly FrozenTrial[], { canSample }: { canSample: boolean }): SchedulerDecision => {
    let running = false;
    for (const t of trials) {
      if (t.state === 'RUNNING') running = true;
      if (typeof t.systemAttrs[BATCH_KEY] !== 'number' && t.state === 'WAITING' && !resultAt(t, maxBudget))
        return { kind: 'run', job: { number: t.number, budget: maxBudget } };
    }
    for (const { members, bracket } of batches(trials)) {
      const { stages, open } = walkBatch(members, bracket);
      if (!open) continue;
      const s = stages.length - 1;
      const { budget, configs } = stages[s];
      const todo = configs.find((t) => t.state === 'WAITING' && !resultAt(t, budget));
      if (todo) {
        const job: Job = { number: todo.number, budget };
        if (s > 0) job.resumeFrom = stages[s - 1].budget;
        return { kind: 'run', job };
      }
    }
    if (canSample) {
      const count = batches(trials).length;
      const bracket = count % brackets.length;
      return {
        kind: 'sample',
        count: brackets[bracket].nConfigs[0],
        systemAttrs: { [BATCH_KEY]: count, [BRACKET_KEY]: bracket },
      };
    }
    return running ? { kind: 'wait' } : { kind: 'done' };
  };

  const settle = (trials: readonly FrozenTrial[]) => {
    const out: { number: number; state: TrialState }[] = [];
    const verdict = (t: FrozenTrial, state: TrialState) => {
      if (t.state === 'WAITING') out.push({ number: t.number, state });
    };
    for (const t of trials) {
      const last = t.results[t.results.length - 1];
      if (last && last.state !== 'COMPLETE') verdict(t, last.state);
      else if (typeof t.systemAttrs[BATCH_KEY] !== 'number' && resultAt(t, maxBudget)) verdict(t, 'COMPLETE');
    }
    for (const { members, bracket } of batches(trials)) {
      const { stages, open, top } = walkBatch(members, bracket);
      const last = stages[stages.length - 1].configs.map((t) => t.number);
      const alive = new Set(open ? last : []);
      const complete = new Set(top ? last : []);
      for (const t of members) {
        if (t.results.some((r) => r.state !== 'COMPLETE')) continue;
        if (complete.has(t.number)) verdict(t, 'COMPLETE');
        else if (!alive.has(t.number)) verdict(t, 'PRUNED');
      }
    }
    return out;
  };

  return {
    name: 'hyperband',
    maxBudget,
    settings: () => ({ name: 'hyperband', minBudget: options.minBudget, maxBudget: options.maxBudget, eta }),
    next,
    settle,
    shouldStop: () => false,
  };
}

/** One evaluation per trial at the full budget (Optuna without a pruner). */
export function fullBudget(epochs: number): Scheduler {
  const scheduler = hyperband({ minBudget: epochs, maxBudget: epochs });
  return { ...scheduler, name: 'full-budget', settings: () => ({ name: 'full-budget', epochs }) };
}
