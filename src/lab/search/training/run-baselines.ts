import { BASELINE_KEY, type FrozenTrial } from '../frozen-trial';
import type { TrialRunner } from '../runner';
import type { Storage } from '../storage/storage';
import { MITIGATION_KEY, SPACE_KEY, type BaselinePlan } from './baseline-plan';

/** The sibling study of `study` that keeps its extra baselines. */
export const baselineStudyName = (study: string) => `${study}/baselines`;

/**
 * Trains the extra baselines (other families, mitigation methods) at full budget, each once, in
 * the sibling study of the same storage, so a resumed study keeps the finished ones and runs an
 * interrupted one again. Runs up to `runners.length` at once.
 */
export async function runBaselines(options: {
  storage: Storage;
  study: string;
  objectives: string[];
  plans: readonly BaselinePlan[];
  runners: readonly TrialRunner[];
  budget: number;
  signal?: AbortSignal;
  onFinished?: (trial: FrozenTrial) => void;
}): Promise<FrozenTrial[]> {
  const { storage, plans, runners, budget, signal } = options;
  const name = baselineStudyName(options.study);
  await storage.createStudy(name, options.objectives, { baselines: plans.map((p) => p.label) });
  for (const t of storage.getTrials(name))
    if (t.state === 'RUNNING') await storage.release(name, t.number, 'interrupted; run again');
  for (const plan of plans) {
    if (storage.getTrials(name).some((t) => t.userAttrs[BASELINE_KEY] === plan.label)) continue;
    await storage.createTrial(name, {
      params: plan.params,
      distributions: {},
      userAttrs: {
        [BASELINE_KEY]: plan.label,
        [SPACE_KEY]: plan.space,
        ...(plan.mitigation ? { [MITIGATION_KEY]: plan.mitigation } : {}),
      },
    });
  }
  for (const t of storage.getTrials(name))
    if (t.state === 'WAITING' && t.results.some((r) => r.budget === budget))
      await storage.finish(name, t.number, t.results.at(-1)!.state === 'COMPLETE' ? 'COMPLETE' : 'FAIL');
  const queue = storage.getTrials(name).filter((t) => t.state === 'WAITING');
  const work = async (runner: TrialRunner, worker: string) => {
    for (let t = queue.shift(); t && !signal?.aborted; t = queue.shift()) {
      if (!(await storage.claim(name, t.number, budget, worker))) continue;
      let result;
      try {
        result = await runner({
          trial: t,
          budget,
          report: (epoch, values) => void storage.report(name, t!.number, budget, epoch, values),
          shouldStop: () => false,
          signal: signal ?? new AbortController().signal,
        });
      } catch (error) {
        result = { state: 'failed' as const, reason: (error as Error).message };
      }
      if (signal?.aborted) {
        await storage.release(name, t.number, 'aborted; run again');
        return;
      }
      const state = result.state === 'complete' ? 'COMPLETE' : 'FAIL';
      if (result.checkpoint && state === 'COMPLETE')
        await storage.putCheckpoint(name, t.number, budget, result.checkpoint);
      await storage.recordResult(
        name,
        t.number,
        {
          budget,
          state,
          ...(result.values ? { values: result.values } : {}),
          ...(result.reason ? { reason: result.reason } : {}),
        },
        result.userAttrs,
      );
      await storage.finish(name, t.number, state);
      options.onFinished?.(storage.getTrial(name, t.number)!);
    }
  };
  await Promise.all(runners.map((r, i) => work(r, `baseline-worker-${i}`)));
  return storage.getTrials(name);
}
