/** A study as the Search page draws it, from its storage: trials, baselines, results, progress. */
import { isFinished } from '../frozen-trial';
import type { Storage } from '../storage/storage';
import type { IntermediateValue } from '../frozen-trial';
import { planBaselines } from './baseline-plan';
import { labSearchResult, type LabSearchSettings } from './lab-search';
import { baselineStudyName } from './run-baselines';

export function studyView<C extends { settings: LabSearchSettings }, S extends string>(
  storage: Storage,
  name: string,
  config: C,
  status: S,
) {
  const result = labSearchResult(storage, name);
  const intermediateOf = (study: string, trials: readonly { number: number }[]) =>
    Object.fromEntries(trials.map((t) => [t.number, storage.getIntermediate(study, t.number)])) as Record<
      number,
      IntermediateValue[]
    >;
  const intermediate = intermediateOf(name, result.trials);
  const baselineIntermediate = intermediateOf(baselineStudyName(name), result.baselines);
  const plan = planBaselines(config.settings.space, config.settings.mitigations ?? [], {
    otherFamilies: config.settings.otherBaselines,
  });
  const total = config.settings.trials + plan.inStudy.length + plan.extra.length;
  const done =
    result.trials.filter((t) => isFinished(t.state)).length +
    result.baselines.filter((t) => isFinished(t.state)).length;
  return {
    name,
    config,
    status,
    objectives: storage.getStudy(name)?.objectives ?? config.settings.objectives,
    trials: result.trials,
    baselines: result.baselines,
    intermediate,
    baselineIntermediate,
    pareto: result.pareto,
    referencePoint: result.referencePoint,
    hypervolume: result.hypervolume,
    hypervolumeHistory: result.hypervolumeHistory,
    dominance: result.dominance,
    progress: { done, total },
  };
}
