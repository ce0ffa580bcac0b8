/**
 * The fairness-aware search engine (issue 12), in Optuna's words: a `Study` of trials in a
 * `Storage`, searched by a `Sampler` (random, ParEGO as SMAC3 runs it, NSGA-II as Optuna does)
 * and scheduled by a `Scheduler` (Hyperband on epochs with SMAC3's multi-objective promotion),
 * run through k `TrialRunner`s. No training here: the lead's runner trains a trial.
 */
export type { Checkpoint, TrialRunner, TrialRunRequest, TrialRunResult } from './runner';
export type { BudgetResult, FrozenTrial, IntermediateValue, TrialState } from './frozen-trial';
export {
  BASELINE_KEY,
  CONSTRAINTS_KEY,
  completeValues,
  isFeasible,
  latestValues,
  resultAt,
} from './frozen-trial';
export type { Distribution, ParamValue } from './distributions';
export type { SuggestApi } from './trial';
export type { Configuration, SearchSpace } from './space';
export type { Sampler, SamplerContext } from './sampler';
export type { Job, Scheduler, SchedulerDecision } from './scheduler';
export { Study } from './study';
export type { OptimizeOptions, OptimizeSummary, StudyEvent, StudyOptions } from './study';
export { BASELINES, baselinesFor, SEARCH_SPACES, searchSpace } from './presets';
export type { BaselineConfig } from './presets';
export { FRNAS_BASELINES } from './presets/frnas';
export { randomSampler } from './samplers/random';
export { defaultInitialDesign, paregoSampler } from './samplers/parego-sampler';
export { nsga2Sampler } from './samplers/nsga2';
export { fullBudget, hyperband } from './schedulers/hyperband';
export { hyperbandBrackets } from './schedulers/hyperband-brackets';
export { SAMPLER_NAMES, samplerFor, schedulerFor, spaceFor } from './settings';
export type { SearchSettings } from './settings';
export type { Storage } from './storage/storage';
export type { StudyRecord } from './storage/ops';
export { InMemoryStorage } from './storage/memory';
export { IdbStorage } from './storage/idb';
export { paretoTrials } from './results/front';
export { defaultReferencePoint, hypervolumeHistory, studyHypervolume } from './results/hypervolume';
export { baselineDominance } from './results/baselines';
export { publishedXY, readFrnasPhase2Csv } from './results/frnas-published';
export { toStudyJson, fromStudyJson } from './export/study-json';
export { toStudyCsv } from './export/study-csv';
export { toOptunaJournal } from './optuna/journal-export';
export { fromOptunaJournal } from './optuna/journal-import';
export type { ImportedStudy } from './optuna/journal-import';
export { createWorkerPool } from './parallel/worker-pool';
export type { SpawnedWorker, WorkerPool } from './parallel/worker-pool';
export { browserWorker, scopePort } from './parallel/browser-worker-port';
export { serveRunner } from './parallel/serve-runner';
export { mfZdtProblem } from './testbed/mf-zdt';
