/**
 * Bias mitigation: Fairlearn's threshold post-processing (ThresholdOptimizer) for binary scores,
 * and the pure pieces the training loop calls — AIF360's reweighing, group-balanced sampling and
 * FR-NAS's flipped labels. Pure TypeScript over arrays: no tfjs, no DOM.
 */
export { balancedSampling } from './balanced-sampling';
export type { BalancedSampling, BalancedSamplingInput } from './balanced-sampling';
export { DEFAULT_FLIP_FRACTION, flippedLabels, majorityGroupOf } from './flipped-labels';
export type { FlippedLabels, FlippedLabelsInput } from './flipped-labels';
export { reweighing } from './reweighing';
export type { Reweighing, ReweighingCell, ReweighingInput } from './reweighing';
export { pmfPredict, predict } from './interpolated-thresholder';
export { fromJsonText, toJsonText } from './json';
export { postprocessCsv, postprocessScores } from './postprocess';
export type { PostprocessCsvOptions, PostprocessOptions, PostprocessResult } from './postprocess';
export { decisionReport, expectedReport } from './postprocess-report';
export type { PostprocessGroupRow, PostprocessReport } from './postprocess-report';
export { groupRoc } from './roc-curve';
export type { GroupRoc, RocPoint } from './roc-curve';
export { PostprocessInputError, readScoresCsv } from './scores-csv';
export type { FitSplit, ScoredRows, ScoresCsv, ScoresCsvOptions } from './scores-csv';
export {
  CONSTRAINTS,
  DEFAULT_GRID_SIZE,
  OBJECTIVES,
  SIMPLE_CONSTRAINTS,
  fitThresholdOptimizer,
  isConstraint,
  isObjective,
} from './threshold-optimizer';
export type {
  Constraint,
  GroupInterpolation,
  InterpolatedThresholder,
  Objective,
  ThresholdOptimizerFit,
  ThresholdOptimizerOptions,
} from './threshold-optimizer';
export { applyOperation, describeOperation } from './threshold-operation';
export type { ThresholdOperation, ThresholdOperator } from './threshold-operation';
export {
  DegenerateLabelsError,
  calculateTradeoffPoints,
  filterPointsToGetConvexHull,
  interpolateCurve,
  linspaceGrid,
  tradeoffCurve,
} from './tradeoff-curve';
export type { InterpolatedPoint, TradeoffPoint } from './tradeoff-curve';
