/**
 * Model output values → per-image predicted model label and class probabilities, following an
 * OutputMapping. A sigmoid is treated as two classes [negative, positive] with p and 1 − p.
 */
import { AuditError } from './errors';
import { modelLabels, type OutputMapping } from './mapping';

export interface DecodedBatch {
  /** Index into modelLabels(mapping) of each image's prediction. */
  predicted: Int32Array;
  /** Row-major [n, classes] probabilities in modelLabels order. */
  probabilities: Float32Array;
  classes: number;
}

/** `values` is the output tensor's data, `shape` its shape ([n, k] or [n]). */
export function decodeOutput(values: Float32Array, shape: number[], output: OutputMapping): DecodedBatch {
  if (output.kind === 'embedding')
    throw new AuditError('output', 'An embedding output has no labels to decode');
  const n = shape[0];
  const width = shape.slice(1).reduce((a, b) => a * b, 1);
  const describe = `output "${output.output}" has shape [${shape.join(', ')}]`;
  if (output.kind === 'sigmoid') {
    if (width !== 1) {
      throw new AuditError(
        'output',
        `A sigmoid mapping needs one score per image but ${describe}; map it as classes instead`,
      );
    }
    const probabilities = new Float32Array(2 * n);
    const predicted = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = values[i];
      probabilities[2 * i] = 1 - p;
      probabilities[2 * i + 1] = p;
      predicted[i] = p >= output.threshold ? 1 : 0;
    }
    return { predicted, probabilities, classes: 2 };
  }
  const k = modelLabels(output).length;
  if (width !== k) {
    throw new AuditError(
      'output',
      `The mapping names ${k} classes (${output.classNames.join(', ')}) but ${describe}`,
    );
  }
  const probabilities =
    output.activation === 'softmax' ? softmaxRows(values, n, k) : Float32Array.from(values);
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + best]) best = c;
    predicted[i] = best;
  }
  return { predicted, probabilities, classes: k };
}

/** Numerically stable softmax of each row. */
export function softmaxRows(values: ArrayLike<number>, n: number, k: number): Float32Array {
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, values[i * k + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += out[i * k + c] = Math.exp(values[i * k + c] - max);
    for (let c = 0; c < k; c++) out[i * k + c] /= sum;
  }
  return out;
}
