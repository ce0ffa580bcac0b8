import { describe, expect, it } from 'vitest';
import {
  categorical,
  checkCompatible,
  contains,
  float,
  int,
  isSingle,
  toExternal,
  toInternal,
} from './distributions';
import { createRng } from '../util/rng';
import { drawRandom, fromUnit, toUnit } from './unit-space';

describe('distributions', () => {
  it('validates as Optuna does and lowers a stepped high onto the grid', () => {
    expect(() => float(1, 0)).toThrow(/above high/);
    expect(() => float(0, 1, true)).toThrow(/low > 0/);
    expect(() => float(0.1, 1, true, 0.1)).toThrow(/both log and step/);
    expect(float(0, 1, false, 0.3).high).toBeCloseTo(0.9, 12);
    expect(int(0, 10, false, 3).high).toBe(9);
    expect(() => int(0, 5, true)).toThrow(/low ≥ 1/);
  });

  it('checks membership, single values and the internal representation', () => {
    expect(contains(categorical(['a', 1, true]), 1)).toBe(true);
    expect(contains(categorical(['a', 1, true]), '1')).toBe(false);
    expect(contains(int(0, 9, false, 3), 6)).toBe(true);
    expect(contains(int(0, 9, false, 3), 5)).toBe(false);
    expect(contains(float(0, 1, false, 0.25), 0.5)).toBe(true);
    expect(contains(float(0, 1, false, 0.25), 0.6)).toBe(false);
    expect(isSingle(float(2, 2))).toBe(true);
    expect(toInternal(categorical(['x', 'y']), 'y')).toBe(1);
    expect(toExternal(categorical(['x', 'y']), 1)).toBe('y');
    expect(toExternal(int(0, 5), 3)).toBe(3);
  });

  it('refuses to change a parameter kind or its choices within a study', () => {
    expect(() => checkCompatible('lr', float(0, 1), int(0, 1))).toThrow(/was FloatDistribution/);
    expect(() => checkCompatible('head', categorical(['a']), categorical(['a', 'b']))).toThrow(/choices/);
    expect(() => checkCompatible('lr', float(0, 1), float(0, 2))).not.toThrow();
  });

  it('draws inside every distribution, on its grid, and maps to and from [0, 1]', () => {
    const rng = createRng(1);
    const ds = [
      float(1e-5, 1e-2, true),
      float(0, 1, false, 0.05),
      int(2, 6),
      int(1, 64, true),
      categorical([3, 5]),
    ];
    for (const d of ds)
      for (let i = 0; i < 200; i++) {
        const v = drawRandom(d, rng);
        expect(contains(d, v)).toBe(true);
        if (d.type !== 'categorical') expect(fromUnit(d, toUnit(d, v as number))).toBeCloseTo(v as number, 9);
      }
    const log = float(1e-5, 1e-2, true);
    expect(toUnit(log, Math.sqrt(1e-5 * 1e-2))).toBeCloseTo(0.5, 12);
  });
});
