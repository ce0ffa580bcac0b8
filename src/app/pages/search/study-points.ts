/**
 * A study's trials as the scatter's series: x = the disparity (objective 2), y = error
 * (objective 1). Every trial with values is drawn once, in the first kind that fits it.
 */
import {
  BASELINE_KEY,
  completeValues,
  isFeasible,
  latestValues,
  type FrozenTrial,
} from '../../../lab/search/frozen-trial';
import { mitigationText, type MitigationSpec } from '../../../lab/mitigation/spec';
import { MITIGATION_KEY } from '../../../lab/search/training/baseline-plan';
import type { StudyView } from '../../../worker/api/search';

export type PointKind = 'front' | 'searched' | 'baseline' | 'low-fidelity' | 'infeasible';

export interface StudyPoint {
  /** `t<number>` for a study trial, `b<number>` for a baseline beside the study. */
  key: string;
  number: number;
  baseline: boolean;
  kind: PointKind;
  x: number;
  y: number;
  budget: number;
  label: string;
  /** A mitigation baseline's method (its own series on the scatter), e.g. "flipped", "adversarial:0.5". */
  mitigation: string | null;
}

export const POINT_KINDS: readonly { kind: PointKind; label: string }[] = [
  { kind: 'front', label: 'Pareto front' },
  { kind: 'searched', label: 'searched trials' },
  { kind: 'baseline', label: 'baselines' },
  { kind: 'low-fidelity', label: 'low-fidelity (fewer epochs)' },
  { kind: 'infeasible', label: 'infeasible (constraint)' },
];

export const trialKey = (number: number, baseline: boolean) => `${baseline ? 'b' : 't'}${number}`;

export function mitigationOf(trial: FrozenTrial): MitigationSpec | null {
  const spec = trial.userAttrs[MITIGATION_KEY];
  return spec && typeof spec === 'object' && 'method' in spec ? (spec as MitigationSpec) : null;
}

export function baselineLabel(trial: FrozenTrial): string | null {
  const label = trial.userAttrs[BASELINE_KEY];
  return typeof label === 'string' ? label : null;
}

function pointOf(trial: FrozenTrial, onFront: boolean, besides: boolean): StudyPoint | null {
  const complete = completeValues(trial);
  const latest = latestValues(trial);
  const values = complete ?? latest?.values;
  if (!values || !latest || values.length < 2 || !values.every(Number.isFinite)) return null;
  const named = baselineLabel(trial);
  const kind: PointKind = !complete
    ? 'low-fidelity'
    : !isFeasible(trial)
      ? 'infeasible'
      : besides || named
        ? 'baseline'
        : onFront
          ? 'front'
          : 'searched';
  return {
    key: trialKey(trial.number, besides),
    number: trial.number,
    baseline: besides,
    kind,
    x: values[1],
    y: values[0],
    budget: latest.budget,
    label: named ?? `trial ${trial.number}`,
    mitigation: kind === 'baseline' && mitigationOf(trial) ? mitigationText(mitigationOf(trial)!) : null,
  };
}

export function studyPoints(view: Pick<StudyView, 'trials' | 'baselines' | 'pareto'>): StudyPoint[] {
  const front = new Set(view.pareto);
  return [
    ...view.trials.map((t) => pointOf(t, front.has(t.number), false)),
    ...view.baselines.map((t) => pointOf(t, false, true)),
  ].filter((p): p is StudyPoint => p !== null);
}

/**
 * The front's points (baselines on it included) by increasing disparity: the step line's
 * vertices, closed at the reference point's error and disparity so it bounds the region whose
 * area is the hypervolume (and shows even for a front of one).
 */
export function frontLine(
  view: Pick<StudyView, 'trials' | 'pareto' | 'referencePoint'>,
): { x: number; y: number }[] {
  const front = new Set(view.pareto);
  const points = view.trials
    .filter((t) => front.has(t.number))
    .map((t) => completeValues(t)!)
    .map((v) => ({ x: v[1], y: v[0] }))
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const ref = view.referencePoint;
  if (!ref || points.length === 0) return points;
  return [{ x: points[0].x, y: ref[0] }, ...points, { x: ref[1], y: points.at(-1)!.y }];
}

/** Trials with no point: failed, or not yet evaluated. */
export function unplotted(view: Pick<StudyView, 'trials' | 'baselines'>): {
  failed: number;
  pending: number;
} {
  const all = [...view.trials, ...view.baselines];
  const failed = all.filter((t) => t.state === 'FAIL').length;
  const pending = all.filter((t) => t.state !== 'FAIL' && !latestValues(t)).length;
  return { failed, pending };
}
