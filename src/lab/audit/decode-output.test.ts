import { describe, expect, it } from 'vitest';
import { decodeOutput, softmaxRows } from './decode-output';
import { AuditError } from './errors';
import type { OutputMapping } from './mapping';

const sigmoid: OutputMapping = {
  kind: 'sigmoid',
  output: 'p',
  threshold: 0.5,
  positive: 'male',
  negative: 'female',
};
const classes: OutputMapping = {
  kind: 'classes',
  output: 'logits',
  activation: 'none',
  classNames: ['a', 'b', 'c'],
};

describe('decodeOutput', () => {
  it('reads a sigmoid as P(positive) with a threshold (≥ is positive)', () => {
    const d = decodeOutput(Float32Array.from([0.2, 0.5, 0.9]), [3, 1], sigmoid);
    expect(Array.from(d.predicted)).toEqual([0, 1, 1]); // 0 = negative, 1 = positive
    expect(d.probabilities[1]).toBeCloseTo(0.2, 6);
    expect(d.probabilities[0]).toBeCloseTo(0.8, 6);
    const strict = decodeOutput(Float32Array.from([0.2, 0.5, 0.9]), [3, 1], { ...sigmoid, threshold: 0.95 });
    expect(Array.from(strict.predicted)).toEqual([0, 0, 0]);
  });

  it('argmaxes class probabilities, applying softmax to logits', () => {
    const d = decodeOutput(Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.3, 0.2]), [2, 3], classes);
    expect(Array.from(d.predicted)).toEqual([1, 0]);
    const logits = decodeOutput(Float32Array.from([0, 0, Math.log(2)]), [1, 3], {
      ...classes,
      activation: 'softmax',
    });
    expect(Array.from(logits.predicted)).toEqual([2]);
    expect(logits.probabilities[2]).toBeCloseTo(0.5, 6);
  });

  it('rejects outputs whose width does not match', () => {
    expect(() => decodeOutput(new Float32Array(4), [2, 2], sigmoid)).toThrow(AuditError);
    expect(() => decodeOutput(new Float32Array(4), [2, 2], classes)).toThrow(/names 3 classes/);
  });

  it('softmax rows sum to one and survive large logits', () => {
    const p = softmaxRows([1000, 1000, 0, 0], 2, 2);
    expect(Array.from(p)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});
