/**
 * Which searched trials dominate which baselines: for every COMPLETE baseline trial (user attr
 * `baseline`, e.g. FR-NAS's architectures retrained in the same study), the COMPLETE feasible
 * searched trials that are at least as good in every objective and better in one
 * (`dominatorsOf` from the Pareto tools).
 */
import { dominatorsOf } from '../../fairness/pareto';
import { BASELINE_KEY, completeValues, type FrozenTrial } from '../frozen-trial';
import { frontCandidates } from './front';

export interface BaselineDominance {
  baseline: number;
  label: string;
  values: number[];
  /** Numbers of the searched trials that dominate it. */
  dominatedBy: number[];
}

export function baselineDominance(trials: readonly FrozenTrial[]): BaselineDominance[] {
  const isBaseline = (t: FrozenTrial) => typeof t.userAttrs[BASELINE_KEY] === 'string';
  const searched = frontCandidates(trials).filter((t) => !isBaseline(t));
  const points = searched.map((t) => completeValues(t)!);
  return trials
    .filter((t) => isBaseline(t) && completeValues(t))
    .map((b) => {
      const values = completeValues(b)!;
      const senses = values.map(() => 'min' as const);
      return {
        baseline: b.number,
        label: String(b.userAttrs[BASELINE_KEY]),
        values,
        dominatedBy: points.length ? dominatorsOf(points, values, senses).map((i) => searched[i].number) : [],
      };
    });
}
