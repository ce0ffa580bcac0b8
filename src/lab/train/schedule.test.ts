import { describe, expect, it } from 'vitest';
import { learningRateAt } from './schedule';

describe('learning-rate schedules', () => {
  it('cosine with linear warm-up, at chosen steps', () => {
    const spec = { kind: 'cosine', warmupEpochs: 1, minFactor: 0 } as const;
    // 10 steps per epoch, 5 epochs: warm-up over steps 0–9, cosine over the 40 after.
    const at = (step: number) => learningRateAt(spec, 0.2, step, 10, 5);
    expect(at(0)).toBeCloseTo(0.02, 12);
    expect(at(4)).toBeCloseTo(0.1, 12);
    expect(at(9)).toBeCloseTo(0.2, 12);
    expect(at(10)).toBeCloseTo(0.2, 12);
    expect(at(30)).toBeCloseTo(0.1, 12); // half-way through the cosine
    expect(at(20)).toBeCloseTo(0.1 * (1 + Math.cos(Math.PI / 4)), 12);
    expect(at(50)).toBeCloseTo(0, 12);
    const floor = learningRateAt({ ...spec, minFactor: 0.1 }, 0.2, 50, 10, 5);
    expect(floor).toBeCloseTo(0.02, 12);
  });

  it('is defined over the final budget: the first k epochs of a 2k schedule do not depend on k', () => {
    const spec = { kind: 'cosine', warmupEpochs: 0 } as const;
    expect(learningRateAt(spec, 1, 15, 10, 4)).toBeCloseTo((1 + Math.cos((Math.PI * 15) / 40)) / 2, 12);
  });

  it('step and constant', () => {
    const step = { kind: 'step', everyEpochs: 2, gamma: 0.5 } as const;
    expect([0, 19, 20, 39, 40].map((s) => learningRateAt(step, 1, s, 10, 6))).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(learningRateAt({ kind: 'constant' }, 0.3, 999, 10, 6)).toBe(0.3);
  });
});
