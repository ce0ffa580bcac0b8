import type { SplitPredictions } from '../eval/predict';
import { createRng } from '../util/rng';
import { predict } from './interpolated-thresholder';
import { fitThresholdOptimizer, type GroupInterpolation } from './threshold-optimizer';
import type { MitigationSpec } from './spec';

type ThresholdSpec = Extract<MitigationSpec, { method: 'threshold' }>;

/** A binary classifier's rows as the optimiser reads them: the positive class's probability per group. */
function scoredRows(p: SplitPredictions, groupAttribute: string) {
  const codes = p.groups[groupAttribute];
  const names = p.groupValues[groupAttribute];
  const rows = Array.from(codes, (c, i) => (c >= 0 ? i : -1)).filter((i) => i >= 0);
  return {
    rows,
    labels: Uint8Array.from(rows, (i) => p.yTrue[i]),
    scores: Float64Array.from(rows, (i) => p.probabilities[i * 2 + 1]),
    groups: rows.map((i) => names[codes[i]]),
  };
}

/**
 * Fairlearn's ThresholdOptimizer fitted on the validation split's scores and applied to the test
 * split: each test image's prediction becomes one seeded draw of its group's randomised rule
 * (images without a group keep the argmax). The positive class is the second of the two.
 */
export function thresholdPredictions(
  validation: SplitPredictions,
  test: SplitPredictions,
  groupAttribute: string,
  spec: ThresholdSpec,
  seed: number,
): { predictions: SplitPredictions; thresholds: Record<string, GroupInterpolation> } {
  if (test.classNames.length !== 2)
    throw new Error(
      `Threshold post-processing needs a binary target; "${test.target}" has ${test.classNames.length} classes`,
    );
  const fit = scoredRows(validation, groupAttribute);
  if (fit.rows.length === 0) throw new Error('The validation split has no images to fit thresholds on');
  const { thresholder } = fitThresholdOptimizer(fit, {
    constraints: spec.constraint,
    objective: spec.objective,
  });
  const evaluated = scoredRows(test, groupAttribute);
  const decisions = predict(thresholder, evaluated.scores, evaluated.groups, createRng(seed));
  const yPred = test.yPred.slice();
  evaluated.rows.forEach((row, k) => (yPred[row] = decisions[k]));
  return { predictions: { ...test, yPred }, thresholds: thresholder.interpolation };
}
