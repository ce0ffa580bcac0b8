/**
 * Fairlearn's ThresholdOptimizer (Hardt, Price & Srebro 2016, "Equality of Opportunity in
 * Supervised Learning"), ported from fairlearn/postprocessing/_threshold_optimizer.py for scores
 * that are already computed (Fairlearn's prefit=True with predict_method="predict").
 *
 * Simple constraints (one rate equal across groups): each group's hull of (constraint rate,
 * objective) is read on a grid of the shared rate; the grid point with the largest
 * group-frequency-weighted objective wins, and each group mixes two thresholds to sit on it.
 * equalized_odds: each group's ROC hull (FPR, TPR) is read on a grid of FPR; the lowest TPR of
 * the groups at each FPR is achievable by all, and the best objective there wins. Groups above
 * that TPR mix in a constant predictor (p_ignore, prediction_constant = the shared FPR), which
 * moves them down towards the ROC diagonal onto the shared point.
 *
 * Written here because no JavaScript package implements it (Fairlearn is Python only); the
 * steps and names follow Fairlearn's so the two can be read side by side.
 */
import { extendConfusionMatrix, METRIC_DICT, type TradeoffMetric } from './confusion-metrics';
import type { ThresholdOperation } from './threshold-operation';
import {
  interpolateCurve,
  linspaceGrid,
  tradeoffCurve,
  type InterpolatedPoint,
  type TradeoffPoint,
} from './tradeoff-curve';

/** Fairlearn's SIMPLE_CONSTRAINTS: constraint → the rate held equal across groups. */
export const SIMPLE_CONSTRAINTS = {
  demographic_parity: 'selection_rate',
  true_positive_rate_parity: 'true_positive_rate',
  false_positive_rate_parity: 'false_positive_rate',
  true_negative_rate_parity: 'true_negative_rate',
  false_negative_rate_parity: 'false_negative_rate',
} as const satisfies Record<string, TradeoffMetric>;

export type SimpleConstraint = keyof typeof SIMPLE_CONSTRAINTS;
export type Constraint = SimpleConstraint | 'equalized_odds';
export const CONSTRAINTS: readonly Constraint[] = [
  'demographic_parity',
  'equalized_odds',
  'true_positive_rate_parity',
  'false_positive_rate_parity',
  'true_negative_rate_parity',
  'false_negative_rate_parity',
];

/** The objectives Fairlearn allows for every constraint, equalized_odds included. */
export type Objective = 'accuracy_score' | 'balanced_accuracy_score';
export const OBJECTIVES: readonly Objective[] = ['accuracy_score', 'balanced_accuracy_score'];

export const DEFAULT_GRID_SIZE = 1000;

/**
 * One group's randomised decision, with Fairlearn's field names: operation0 with probability p0,
 * operation1 with p1; then (equalized_odds) the result is replaced with probability p_ignore by a
 * positive prediction drawn with probability prediction_constant.
 */
export interface GroupInterpolation {
  p0: number;
  operation0: ThresholdOperation;
  p1: number;
  operation1: ThresholdOperation;
  p_ignore?: number;
  prediction_constant?: number;
}

/** Fairlearn's InterpolatedThresholder: the interpolation_dict, group → decision rule. */
export interface InterpolatedThresholder {
  interpolation: Record<string, GroupInterpolation>;
}

export interface ThresholdOptimizerOptions {
  constraints: Constraint;
  objective?: Objective;
  /** Ticks of the shared rate's grid over [0, 1] (default 1000, as in Fairlearn). */
  gridSize?: number;
  /** Also allow "score < t" (default false, as in Fairlearn). */
  flip?: boolean;
}

export interface ThresholdOptimizerInput {
  /** 1 = positive, 0 = negative. */
  labels: ArrayLike<number>;
  scores: ArrayLike<number>;
  groups: readonly string[];
}

export interface ThresholdOptimizerFit {
  thresholder: InterpolatedThresholder;
  constraints: Constraint;
  objective: Objective;
  /** Fairlearn's x_metric_ / y_metric_. */
  x_metric: TradeoffMetric;
  y_metric: TradeoffMetric;
  /** The chosen grid value of x_metric (Fairlearn's _x_best). */
  x_best: number;
  /** equalized_odds: the shared TPR (Fairlearn's _y_best). */
  y_best?: number;
  /** The objective at the chosen point, as the optimiser computed it. */
  objective_value: number;
  /** Each group's convex hull in (x_metric, y_metric). */
  hulls: Record<string, TradeoffPoint[]>;
  groups: string[];
}

export function isConstraint(value: string): value is Constraint {
  return (CONSTRAINTS as readonly string[]).includes(value);
}

export function isObjective(value: string): value is Objective {
  return (OBJECTIVES as readonly string[]).includes(value);
}

/** Rows of each group, groups sorted as pandas' groupby sorts them. */
function splitByGroup(input: ThresholdOptimizerInput): Map<string, { labels: number[]; scores: number[] }> {
  const n = input.labels.length;
  if (input.scores.length !== n || input.groups.length !== n)
    throw new Error('labels, scores and groups differ in length');
  if (n === 0) throw new Error('no rows to fit on');
  const byGroup = new Map<string, { labels: number[]; scores: number[] }>();
  for (let i = 0; i < n; i++) {
    const label = input.labels[i];
    if (label !== 0 && label !== 1) throw new Error(`labels must be 0 or 1 (row ${i} is ${label})`);
    if (!Number.isFinite(input.scores[i])) throw new Error(`score at row ${i} is not a finite number`);
    let rows = byGroup.get(input.groups[i]);
    if (!rows) byGroup.set(input.groups[i], (rows = { labels: [], scores: [] }));
    rows.labels.push(label);
    rows.scores.push(input.scores[i]);
  }
  return new Map([...byGroup].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Index of the first maximum (pandas' idxmax). */
function idxmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** np.around(v, 15). */
const around15 = (v: number) => Math.round(v * 1e15) / 1e15;

const pick = (point: InterpolatedPoint): GroupInterpolation => ({
  p0: point.p0,
  operation0: point.operation0,
  p1: point.p1,
  operation1: point.operation1,
});

export function fitThresholdOptimizer(
  input: ThresholdOptimizerInput,
  options: ThresholdOptimizerOptions,
): ThresholdOptimizerFit {
  const objective = options.objective ?? 'accuracy_score';
  if (!isConstraint(options.constraints))
    throw new Error(`constraints must be one of ${CONSTRAINTS.join(', ')} (got "${options.constraints}")`);
  if (!isObjective(objective))
    throw new Error(`objective must be one of ${OBJECTIVES.join(', ')} (got "${objective}")`);
  const grid = linspaceGrid(options.gridSize ?? DEFAULT_GRID_SIZE);
  const byGroup = splitByGroup(input);
  const flip = options.flip ?? false;
  return options.constraints === 'equalized_odds'
    ? equalizedOdds(byGroup, grid, objective, flip)
    : simpleConstraint(byGroup, grid, options.constraints, objective, flip, input.labels.length);
}

function simpleConstraint(
  byGroup: Map<string, { labels: number[]; scores: number[] }>,
  grid: Float64Array,
  constraints: SimpleConstraint,
  objective: Objective,
  flip: boolean,
  n: number,
): ThresholdOptimizerFit {
  const xMetric = SIMPLE_CONSTRAINTS[constraints];
  const curves = new Map<string, InterpolatedPoint[]>();
  const hulls: Record<string, TradeoffPoint[]> = {};
  const overall = new Float64Array(grid.length);
  for (const [group, rows] of byGroup) {
    const hull = tradeoffCurve(rows.labels, rows.scores, group, { xMetric, yMetric: objective, flip });
    const curve = interpolateCurve(hull, grid);
    hulls[group] = hull;
    curves.set(group, curve);
    const share = rows.labels.length / n;
    for (let k = 0; k < grid.length; k++) overall[k] += share * curve[k].y;
  }
  const best = idxmax(overall);
  const interpolation: Record<string, GroupInterpolation> = {};
  for (const [group, curve] of curves) interpolation[group] = pick(curve[best]);
  return {
    thresholder: { interpolation },
    constraints,
    objective,
    x_metric: xMetric,
    y_metric: objective,
    x_best: grid[best],
    objective_value: overall[best],
    hulls,
    groups: [...byGroup.keys()],
  };
}

function equalizedOdds(
  byGroup: Map<string, { labels: number[]; scores: number[] }>,
  grid: Float64Array,
  objective: Objective,
  flip: boolean,
): ThresholdOptimizerFit {
  const curves = new Map<string, InterpolatedPoint[]>();
  const hulls: Record<string, TradeoffPoint[]> = {};
  const yMin = new Float64Array(grid.length).fill(Infinity);
  let nPositive = 0;
  let n = 0;
  for (const [group, rows] of byGroup) {
    const hull = tradeoffCurve(rows.labels, rows.scores, group, {
      xMetric: 'false_positive_rate',
      yMetric: 'true_positive_rate',
      flip,
    });
    const curve = interpolateCurve(hull, grid);
    hulls[group] = hull;
    curves.set(group, curve);
    for (let k = 0; k < grid.length; k++) yMin[k] = Math.min(yMin[k], curve[k].y);
    for (const label of rows.labels) nPositive += label;
    n += rows.labels.length;
  }
  const nNegative = n - nPositive;
  const objectiveValues = Float64Array.from(grid, (x, k) =>
    around15(
      METRIC_DICT[objective](
        extendConfusionMatrix({
          falsePositives: nNegative * x,
          trueNegatives: nNegative * (1 - x),
          truePositives: nPositive * yMin[k],
          falseNegatives: nPositive * (1 - yMin[k]),
        }),
      ),
    ),
  );
  const best = idxmax(objectiveValues);
  const xBest = grid[best];
  const yBest = yMin[best];
  const interpolation: Record<string, GroupInterpolation> = {};
  for (const [group, curve] of curves) {
    const point = curve[best];
    // Mixing with the constant predictor (xBest, xBest) on the diagonal keeps FPR at xBest.
    const pIgnore = point.y === point.x ? 0 : (point.y - yBest) / (point.y - point.x);
    interpolation[group] = { ...pick(point), p_ignore: pIgnore, prediction_constant: xBest };
  }
  return {
    thresholder: { interpolation },
    constraints: 'equalized_odds',
    objective,
    x_metric: 'false_positive_rate',
    y_metric: 'true_positive_rate',
    x_best: xBest,
    y_best: yBest,
    objective_value: objectiveValues[best],
    hulls,
    groups: [...byGroup.keys()],
  };
}
