import { describe, expect, it } from 'vitest';
import { constantSparsity, polynomialDecay } from './pruning-schedules';

describe('TFMOT pruning schedules', () => {
  it('ConstantSparsity prunes every `frequency` steps from begin_step at the target', () => {
    const s = constantSparsity({ targetSparsity: 0.5, beginStep: 10, frequency: 5 });
    expect(s.at(0)).toEqual({ shouldPrune: false, sparsity: 0.5 });
    expect(s.at(10)).toEqual({ shouldPrune: true, sparsity: 0.5 });
    expect(s.at(12).shouldPrune).toBe(false);
    expect(s.at(15).shouldPrune).toBe(true);
    // end_step −1: forever.
    expect(s.at(1_000_000).shouldPrune).toBe(true);
    const bounded = constantSparsity({ targetSparsity: 0.5, beginStep: 0, endStep: 100, frequency: 50 });
    expect([0, 50, 100, 150].map((t) => bounded.at(t).shouldPrune)).toEqual([true, true, true, false]);
  });

  it('PolynomialDecay(initial, final, power 3) follows final + (initial − final)(1 − p)³', () => {
    const s = polynomialDecay({ initialSparsity: 0.2, finalSparsity: 0.8, beginStep: 0, endStep: 100 });
    expect(s.at(0).sparsity).toBeCloseTo(0.2, 12);
    // p = 0.5: 0.8 − 0.6 · 0.125 = 0.725
    expect(s.at(50).sparsity).toBeCloseTo(0.725, 12);
    // p = 0.25: 0.8 − 0.6 · 0.421875 = 0.546875
    expect(s.at(25).sparsity).toBeCloseTo(0.546875, 12);
    expect(s.at(100).sparsity).toBeCloseTo(0.8, 12);
    // Clamped before begin and after end.
    expect(s.at(500).sparsity).toBeCloseTo(0.8, 12);
    expect(s.at(100).shouldPrune).toBe(true);
    expect(s.at(200).shouldPrune).toBe(false);
    const late = polynomialDecay({
      initialSparsity: 0,
      finalSparsity: 0.5,
      beginStep: 20,
      endStep: 40,
      power: 1,
    });
    expect(late.at(10).sparsity).toBe(0);
    expect(late.at(30).sparsity).toBeCloseTo(0.25, 12);
  });

  it('refuses what TFMOT refuses', () => {
    expect(() => constantSparsity({ targetSparsity: 1 })).toThrow(
      'target_sparsity must be in [0, 1) (got 1)',
    );
    expect(() =>
      polynomialDecay({ initialSparsity: 0, finalSparsity: 0.5, beginStep: 0, endStep: -1 }),
    ).toThrow('end_step cannot be -1');
    expect(() => constantSparsity({ targetSparsity: 0.5, beginStep: 10, endStep: 5 })).toThrow(
      'begin_step should be <= end_step',
    );
    expect(() => constantSparsity({ targetSparsity: 0.5, frequency: 0 })).toThrow('frequency should be > 0');
  });
});
