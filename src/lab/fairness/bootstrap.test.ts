import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { classificationReport } from './report';

function simulate(seed: number, n: number) {
  const rng = createRng(seed);
  const groups: string[] = [];
  const yTrue = new Int32Array(2 * n);
  const yPred = new Int32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) {
    const g = i < n ? 'A' : 'B';
    groups.push(g);
    yTrue[i] = rng.next() < 0.5 ? 1 : 0;
    // Selection rates 0.3 (A) and 0.5 (B), independent of y_true: accuracy 0.5 in both.
    yPred[i] = rng.next() < (g === 'A' ? 0.3 : 0.5) ? 1 : 0;
  }
  return { yTrue, yPred, groups };
}

describe('bootstrap intervals', () => {
  it('cover the true values at about the nominal 95% rate (seeded simulation)', () => {
    const sims = 200;
    let coverRate = 0;
    let coverDiff = 0;
    for (let s = 0; s < sims; s++) {
      const report = classificationReport({ ...simulate(100 + s, 300), bootstrap: 400, seed: s });
      const rate = report.ci?.by_group.A.selection_rate;
      const diff = report.ci?.disparities.demographic_parity_difference;
      if (rate && rate[0] <= 0.3 && 0.3 <= rate[1]) coverRate++;
      if (diff && diff[0] <= 0.2 && 0.2 <= diff[1]) coverDiff++;
    }
    // Binomial(200, 0.95) has sd ≈ 3.1%: accept 88%–99%.
    expect(coverRate / sims).toBeGreaterThan(0.88);
    expect(coverRate / sims).toBeLessThan(0.995);
    expect(coverDiff / sims).toBeGreaterThan(0.88);
    expect(coverDiff / sims).toBeLessThan(0.995);
  });

  it('is reproducible for a seed and gives an interval for every per-group value and disparity', () => {
    const data = simulate(1, 200);
    const scores = Array.from(data.yPred, (p, i) => p * 0.5 + ((i * 7919) % 100) / 200);
    const a = classificationReport({ ...data, scores, privileged: 'A', bootstrap: 200, seed: 42 });
    const b = classificationReport({ ...data, scores, privileged: 'A', bootstrap: 200, seed: 42 });
    expect(a.ci).toEqual(b.ci);
    for (const g of ['A', 'B']) {
      for (const metric of [
        'accuracy',
        'selection_rate',
        'tpr',
        'fpr',
        'tnr',
        'fnr',
        'precision',
        'roc_auc',
      ]) {
        expect(a.ci?.by_group[g][metric], `${g} ${metric}`).toHaveLength(2);
      }
    }
    for (const name of Object.keys(a.disparities)) expect(a.ci?.disparities[name], name).toHaveLength(2);
    expect(Object.keys(a.ci?.aif360 ?? {})).toHaveLength(5);
    const [lo, hi] = a.ci?.by_group.A.roc_auc ?? [0, 0];
    expect(lo).toBeLessThanOrEqual(a.by_group.A.roc_auc as number);
    expect(hi).toBeGreaterThanOrEqual(a.by_group.A.roc_auc as number);
  });

  it('resamples weighted rows exactly when weights take few values, approximately otherwise', () => {
    const data = simulate(2, 200);
    const few = classificationReport({
      ...data,
      weights: data.groups.map((_, i) => 1 + (i % 3)),
      bootstrap: 100,
    });
    expect(few.ci?.resampling).toMatch(/exact/);
    const many = classificationReport({
      ...data,
      weights: data.groups.map((_, i) => 1 + i / 400),
      bootstrap: 100,
    });
    expect(many.ci?.resampling).toMatch(/approximate/);
    const [lo, hi] = many.ci?.by_group.B.accuracy ?? [0, 0];
    expect(lo).toBeLessThan(many.by_group.B.accuracy as number);
    expect(hi).toBeGreaterThan(many.by_group.B.accuracy as number);
  });

  it('bootstraps 1,000,000 predictions × 1,000 replicates quickly (sufficient statistics)', () => {
    const n = 1_000_000;
    const rng = createRng(7);
    const yTrue = new Int32Array(n);
    const yPred = new Int32Array(n);
    const groups = new Array<string>(n);
    const names = ['a', 'b', 'c', 'd'];
    for (let i = 0; i < n; i++) {
      yTrue[i] = rng.next() < 0.4 ? 1 : 0;
      yPred[i] = rng.next() < 0.8 ? yTrue[i] : 1 - yTrue[i];
      groups[i] = names[i & 3];
    }
    const start = performance.now();
    const report = classificationReport({ yTrue, yPred, groups, bootstrap: 1000, seed: 1 });
    const seconds = (performance.now() - start) / 1000;
    expect(report.ci?.replicates).toBe(1000);
    // The bench measures the real figure; this guards against an O(rows × replicates) regression.
    expect(seconds).toBeLessThan(6);
  });
});
