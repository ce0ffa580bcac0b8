/**
 * Hypervolume of the study's front (2 objectives, exact, `hypervolume2d`) against a stated
 * reference point, and its history over trials (in trial-number order, as Optuna's
 * `plot_hypervolume_history` draws it). The reference must stay fixed along a history; the
 * default is the nadir of the full-budget feasible trials plus 10 % of their range per
 * objective (the nadir itself where the range is 0, plus 1 where that is 0 too).
 */
import { hypervolume2d, prefixHypervolumes2d } from '../../fairness/pareto';
import { completeValues, type FrozenTrial } from '../frozen-trial';
import { frontCandidates, paretoTrials } from './front';

export function defaultReferencePoint(trials: readonly FrozenTrial[], margin = 0.1): [number, number] {
  const points = frontCandidates(trials).map((t) => completeValues(t)!);
  if (points.length === 0) throw new Error('no complete feasible trial to place a reference point by');
  if (points[0].length !== 2) throw new Error(`hypervolume needs 2 objectives, not ${points[0].length}`);
  const ref = [0, 1].map((k) => {
    const vs = points.map((p) => p[k]);
    const max = Math.max(...vs);
    const range = max - Math.min(...vs);
    return max + margin * (range > 0 ? range : Math.abs(max) > 0 ? Math.abs(max) : 1);
  });
  return [ref[0], ref[1]];
}

export function studyHypervolume(
  trials: readonly FrozenTrial[],
  reference: readonly [number, number],
): number {
  return hypervolume2d(
    paretoTrials(trials).map((t) => completeValues(t)!),
    reference,
  );
}

/** The hypervolume after each trial number (trials that are not COMPLETE and feasible add nothing). */
export function hypervolumeHistory(
  trials: readonly FrozenTrial[],
  reference: readonly [number, number],
): { number: number; hypervolume: number }[] {
  const sorted = [...trials].sort((a, b) => a.number - b.number);
  const feasible = new Set(frontCandidates(sorted).map((t) => t.number));
  const points = sorted.map((t) => (feasible.has(t.number) ? completeValues(t)! : null));
  const hv = prefixHypervolumes2d(points, reference);
  return sorted.map((t, i) => ({ number: t.number, hypervolume: hv[i] }));
}
