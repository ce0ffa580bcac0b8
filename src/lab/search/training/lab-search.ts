/**
 * A fairness-aware search on a stored dataset, end to end: the study (its space, sampler,
 * scheduler, storage), FR-NAS's baselines enqueued into it, the trials trained by k runners, the
 * extra baselines (other families, mitigation methods) beside it, and the results: the Pareto
 * front, the hypervolume against its reference point, and which searched trials dominate each
 * baseline. The CLI and the Worker both run this.
 */
import { dominatorsOf } from '../../fairness/pareto';
import { BASELINE_KEY, completeValues, type FrozenTrial } from '../frozen-trial';
import { frontCandidates, paretoTrials } from '../results/front';
import { defaultReferencePoint, hypervolumeHistory, studyHypervolume } from '../results/hypervolume';
import type { TrialRunner } from '../runner';
import { samplerFor, schedulerFor, spaceFor, type SearchSettings } from '../settings';
import type { Storage } from '../storage/storage';
import { Study, type OptimizeSummary, type StudyEvent } from '../study';
import type { MitigationSpec } from '../../mitigation/spec';
import { planBaselines } from './baseline-plan';
import { baselineStudyName, runBaselines } from './run-baselines';

export interface LabSearchSettings extends SearchSettings {
  /** The study's objectives: ['error', <disparity>]. */
  objectives: [string, string];
  /** Mitigation baselines (FR-NAS's three, reweighing, thresholds…) trained beside the search. */
  mitigations?: MitigationSpec[];
  /** Also train the other families' baselines (default true). */
  otherBaselines?: boolean;
  /** Optuna-style constraint: a trial with more parameters is infeasible (kept, never on the front). */
  maxParameters?: number;
}

export interface LabSearchResult {
  summary: OptimizeSummary;
  trials: FrozenTrial[];
  baselines: FrozenTrial[];
  pareto: number[];
  referencePoint: [number, number] | null;
  hypervolume: number | null;
  hypervolumeHistory: { number: number; hypervolume: number }[];
  /** For every complete baseline (in the study or beside it): the searched trials that dominate it. */
  dominance: { label: string; values: number[]; dominatedBy: number[] }[];
}

export async function openLabStudy(
  storage: Storage,
  name: string,
  settings: LabSearchSettings,
): Promise<Study> {
  const maxParameters = settings.maxParameters;
  return Study.create({
    storage,
    name,
    objectives: settings.objectives,
    space: spaceFor(settings),
    sampler: samplerFor(settings),
    scheduler: schedulerFor(settings),
    seed: settings.seed,
    ...(maxParameters
      ? {
          constraints: (t: FrozenTrial) => [Number(t.userAttrs.parameter_count ?? Infinity) - maxParameters],
          constraintsLabel: `parameters ≤ ${maxParameters}`,
        }
      : {}),
  });
}

export async function runLabSearch(options: {
  storage: Storage;
  name: string;
  settings: LabSearchSettings;
  runners: readonly TrialRunner[];
  signal?: AbortSignal;
  drain?: AbortSignal;
  onEvent?: (event: StudyEvent) => void;
  onBaseline?: (trial: FrozenTrial) => void;
}): Promise<LabSearchResult> {
  const { storage, name, settings } = options;
  const study = await openLabStudy(storage, name, settings);
  const plan = planBaselines(settings.space, settings.mitigations ?? [], {
    otherFamilies: settings.otherBaselines,
  });
  for (const b of plan.inStudy) await study.enqueueTrial(b.params, { label: b.label, skipIfExists: true });
  const summary = await study.optimize({
    runners: options.runners,
    maxTrials: settings.trials,
    signal: options.signal,
    drain: options.drain,
    onEvent: options.onEvent,
  });
  if (summary.stopped === 'done' && plan.extra.length > 0)
    await runBaselines({
      storage,
      study: name,
      objectives: settings.objectives,
      plans: plan.extra,
      runners: options.runners,
      budget: settings.maxEpochs,
      signal: options.signal,
      onFinished: options.onBaseline,
    });
  return { ...labSearchResult(storage, name), summary };
}

/** The results of a study as it stands in its storage (also for a study loaded to be shown). */
export function labSearchResult(storage: Storage, name: string): LabSearchResult {
  const trials = storage.getTrials(name);
  const baselines = storage.getStudy(baselineStudyName(name))
    ? storage.getTrials(baselineStudyName(name))
    : [];
  const pareto = paretoTrials(trials).map((t) => t.number);
  const hasFront = frontCandidates(trials).length > 0;
  const referencePoint = hasFront ? defaultReferencePoint(trials) : null;
  const searched = frontCandidates(trials).filter((t) => typeof t.userAttrs[BASELINE_KEY] !== 'string');
  const points = searched.map((t) => completeValues(t)!);
  const dominance = [...trials.filter((t) => typeof t.userAttrs[BASELINE_KEY] === 'string'), ...baselines]
    .filter((t) => completeValues(t))
    .map((b) => {
      const values = completeValues(b)!;
      const dominatedBy = points.length
        ? dominatorsOf(
            points,
            values,
            values.map(() => 'min' as const),
          ).map((i) => searched[i].number)
        : [];
      return { label: String(b.userAttrs[BASELINE_KEY]), values, dominatedBy };
    });
  return {
    summary: summaryOf(trials),
    trials,
    baselines,
    pareto,
    referencePoint,
    hypervolume: referencePoint ? studyHypervolume(trials, referencePoint) : null,
    hypervolumeHistory: referencePoint ? hypervolumeHistory(trials, referencePoint) : [],
    dominance,
  };
}

function summaryOf(trials: readonly FrozenTrial[]): OptimizeSummary {
  const count = (s: FrozenTrial['state']) => trials.filter((t) => t.state === s).length;
  return {
    stopped: 'done',
    trials: trials.length,
    complete: count('COMPLETE'),
    pruned: count('PRUNED'),
    failed: count('FAIL'),
  };
}
