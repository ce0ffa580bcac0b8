/**
 * Fairlearn's ThresholdOperation (fairlearn/postprocessing/_threshold_operation.py): an operator
 * and a threshold that turn a score into a decision, `score > t` or `score < t`. Thresholds may
 * be ±Infinity ("> Infinity" never selects, "> -Infinity" always does).
 */
export type ThresholdOperator = '>' | '<';

export interface ThresholdOperation {
  operator: ThresholdOperator;
  threshold: number;
}

export function thresholdOperation(operator: ThresholdOperator, threshold: number): ThresholdOperation {
  return { operator, threshold };
}

/** 1 when the operation selects the score, else 0. */
export function applyOperation(operation: ThresholdOperation, score: number): 0 | 1 {
  const selected = operation.operator === '>' ? score > operation.threshold : score < operation.threshold;
  return selected ? 1 : 0;
}

/** Fairlearn's repr: "[>0.43]". */
export function describeOperation(operation: ThresholdOperation): string {
  const t = operation.threshold;
  const text = t === Infinity ? 'inf' : t === -Infinity ? '-inf' : String(t);
  return `[${operation.operator}${text}]`;
}
