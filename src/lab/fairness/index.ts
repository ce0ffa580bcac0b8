/**
 * Fairness metrics engine: per-group classification tables (Fairlearn conventions, AIF360's
 * signed view), FR-NAS identification metrics, bootstrap intervals and Pareto tools.
 * Pure functions over typed arrays; only ranks.ts touches tfjs (import it directly).
 */
export { classificationReport, DEFAULT_MIN_COUNT, DEFAULT_REPLICATES, NULL_POLICY } from './report';
export type { ClassificationInput, ClassificationReport } from './report';
export { buildConfusion, binaryCells } from './confusion';
export type { BinaryCells, ConfusionSet } from './confusion';
export { buildTable, ovrRates, RATE_NAMES, OVR_RATE_NAMES } from './table';
export type { GroupMetrics, MetricTable, OvrRates, Rate, RateName, UndefinedRate } from './table';
export { computeDisparities, difference, ratio } from './disparities';
export type { DisparityMethod, DisparityMetric, Disparities } from './disparities';
export { aif360Metrics, AIF360_NAMES } from './aif360';
export type { Aif360Metrics, Aif360Name } from './aif360';
export type { CiBlock } from './bootstrap';
export type { Interval } from './percentile';
export { binomial, multinomial } from './binomial';
export { identificationReport, IDENTIFICATION_NAMES } from './identification';
export type { IdentificationGroup, IdentificationInput, IdentificationReport } from './identification';
export { crossGroups, GROUP_SEPARATOR } from './labels';
export type { LabelArray } from './labels';
export { dominates, dominatorsOf, hypervolume2d, nonDominatedSort, paretoFront } from './pareto';
export type { Sense } from './pareto';
