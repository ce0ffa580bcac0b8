/**
 * The confusion-matrix metrics of Fairlearn's threshold optimiser (METRIC_DICT and
 * _extend_confusion_matrix in fairlearn/postprocessing/_tradeoff_curve_utilities.py). Counts may
 * be fractional (expected counts); a metric is NaN where its denominator is 0, as in Fairlearn.
 */
export interface ConfusionCounts {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

export interface ExtendedConfusionMatrix extends ConfusionCounts {
  predictedPositives: number;
  predictedNegatives: number;
  positives: number;
  negatives: number;
  n: number;
}

export function extendConfusionMatrix(c: ConfusionCounts): ExtendedConfusionMatrix {
  return {
    ...c,
    predictedPositives: c.truePositives + c.falsePositives,
    predictedNegatives: c.trueNegatives + c.falseNegatives,
    positives: c.truePositives + c.falseNegatives,
    negatives: c.trueNegatives + c.falsePositives,
    n: c.truePositives + c.trueNegatives + c.falsePositives + c.falseNegatives,
  };
}

/** Fairlearn's metric names. */
export type TradeoffMetric =
  | 'selection_rate'
  | 'false_positive_rate'
  | 'false_negative_rate'
  | 'true_positive_rate'
  | 'true_negative_rate'
  | 'accuracy_score'
  | 'balanced_accuracy_score';

export const METRIC_DICT: Record<TradeoffMetric, (x: ExtendedConfusionMatrix) => number> = {
  selection_rate: (x) => x.predictedPositives / x.n,
  false_positive_rate: (x) => x.falsePositives / x.negatives,
  false_negative_rate: (x) => x.falseNegatives / x.positives,
  true_positive_rate: (x) => x.truePositives / x.positives,
  true_negative_rate: (x) => x.trueNegatives / x.negatives,
  accuracy_score: (x) => (x.truePositives + x.trueNegatives) / x.n,
  balanced_accuracy_score: (x) =>
    (0.5 * x.truePositives) / x.positives + (0.5 * x.trueNegatives) / x.negatives,
};
