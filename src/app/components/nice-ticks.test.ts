import { describe, expect, it } from 'vitest';
import { niceTicks } from './nice-ticks';

describe('niceTicks', () => {
  it('labels every gridline with its own value (no 0.25 shown as 0.3)', () => {
    const { ticks, format } = niceTicks(0, 1, 5);
    expect(ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(ticks.map(format)).toEqual(['0.00', '0.25', '0.50', '0.75', '1.00']);
  });

  it('covers the data range with 1-2-5 steps', () => {
    const { ticks, format } = niceTicks(0, 0.37, 5);
    expect(ticks[0]).toBe(0);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(0.37);
    expect(ticks.map(format)).toEqual(ticks.map((t) => t.toFixed(1)));
    expect(niceTicks(0, 17, 5).ticks).toEqual([0, 5, 10, 15, 20]);
  });

  it('fits a loss curve between 1.21 and 1.43 on gridlines 1.2 … 1.5, labelled as such', () => {
    const { ticks, format } = niceTicks(1.21, 1.43, 5);
    expect(ticks).toEqual([1.2, 1.3, 1.4, 1.5]);
    expect(ticks.map(format)).toEqual(['1.2', '1.3', '1.4', '1.5']);
  });

  it('gives no ticks without data, and a range around a single value', () => {
    expect(niceTicks(Infinity, -Infinity).ticks).toEqual([]);
    const one = niceTicks(0.8, 0.8);
    expect(one.ticks[0]).toBeLessThanOrEqual(0.8);
    expect(one.ticks.at(-1)).toBeGreaterThan(0.8);
  });
});
