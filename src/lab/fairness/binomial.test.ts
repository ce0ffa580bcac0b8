import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { binomial, logFactorial, multinomial } from './binomial';

function moments(draw: () => number, times: number) {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < times; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / times;
  return { mean, variance: sumSq / times - mean * mean };
}

describe('binomial', () => {
  it('has the right mean and variance on both the inversion and the BTRS paths', () => {
    const rng = createRng(5);
    for (const [n, p] of [
      [20, 0.1],
      [1000, 0.003],
      [50, 0.5],
      [1_000_000, 0.3],
      [10_000, 0.97],
    ]) {
      const times = 20_000;
      const { mean, variance } = moments(() => binomial(rng, n, p), times);
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(mean - n * p), `mean n=${n} p=${p}`).toBeLessThan((5 * sd) / Math.sqrt(times));
      expect(Math.abs(variance / (sd * sd) - 1), `variance n=${n} p=${p}`).toBeLessThan(0.05);
    }
  });

  it('matches the exact pmf of Binomial(30, 0.4) (chi-square)', () => {
    const rng = createRng(9);
    const n = 30;
    const p = 0.4;
    const times = 50_000;
    const counts = new Float64Array(n + 1);
    for (let i = 0; i < times; i++) counts[binomial(rng, n, p)]++;
    let chi = 0;
    let cells = 0;
    for (let k = 0; k <= n; k++) {
      const expected =
        times *
        Math.exp(
          logFactorial(n) -
            logFactorial(k) -
            logFactorial(n - k) +
            k * Math.log(p) +
            (n - k) * Math.log(1 - p),
        );
      if (expected < 5) continue;
      chi += (counts[k] - expected) ** 2 / expected;
      cells++;
    }
    // 99.9% quantile of chi-square with ~20 degrees of freedom is about 45.
    expect(cells).toBeGreaterThan(15);
    expect(chi).toBeLessThan(45);
  });

  it('handles the edges and Stirling agrees with the table', () => {
    const rng = createRng(1);
    expect(binomial(rng, 0, 0.5)).toBe(0);
    expect(binomial(rng, 10, 0)).toBe(0);
    expect(binomial(rng, 10, 1)).toBe(10);
    let exact = 0;
    for (let k = 2; k <= 2000; k++) exact += Math.log(k);
    expect(Math.abs(logFactorial(2000) - exact) / exact).toBeLessThan(1e-13);
  });
});

describe('multinomial', () => {
  it('sums to n, never fills a zero cell, and has the right means', () => {
    const rng = createRng(2);
    const weights = [0.1, 0, 0.6, 0.3, 0];
    const out = new Float64Array(weights.length);
    const totals = new Float64Array(weights.length);
    for (let i = 0; i < 2000; i++) {
      multinomial(rng, 1000, weights, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(out[1] + out[4]).toBe(0);
      out.forEach((x, c) => (totals[c] += x));
    }
    weights.forEach((w, c) => expect(totals[c] / 2000 / 1000).toBeCloseTo(w, 2));
  });
});
