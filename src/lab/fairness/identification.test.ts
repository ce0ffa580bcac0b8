import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../util/csv';
import { identificationReport } from './identification';

const PER_IMAGE = path.resolve(__dirname, '../../../../shared/reference/frnas/per-image');
const CASE = 'celeba_val_rexnet_200_CosFace_SGD_ve7c062e_epoch99';

/** Read when a test runs: a skipped describe still runs its body, and ../shared may be absent. */
function load() {
  const { header, rows } = parseCsv(readFileSync(path.join(PER_IMAGE, `${CASE}.csv`), 'utf8'));
  const expected = JSON.parse(readFileSync(path.join(PER_IMAGE, `${CASE}.expected.json`), 'utf8'));
  const ranks = rows.map((r) => Number(r[header.indexOf('rank')]));
  const groups = rows.map((r) => r[header.indexOf('group')]);
  return { expected, ranks, groups };
}

describe.skipIf(!existsSync(path.join(PER_IMAGE, `${CASE}.csv`)))('FR-NAS per-image ranks', () => {
  it('reproduces the published Error and Rank Disparity exactly', () => {
    const { ranks, groups, expected } = load();
    const report = identificationReport({ ranks, groups, order: ['male', 'female'] });
    expect(report.error).toBe(0.045966474594028285);
    expect(report.rank_disparity).toBe(2.185568360398114);
    expect(report.error).toBe(expected.published.error);
    expect(report.rank_disparity).toBe(expected.published.rank_disparity);
  });

  it('reproduces all six metrics and the group components', () => {
    const { ranks, groups, expected } = load();
    const report = identificationReport({ ranks, groups, order: ['male', 'female'] });
    for (const [name, value] of Object.entries(expected.metrics as Record<string, number>)) {
      expect(Math.abs((report[name as keyof typeof report] as number) - value), name).toBeLessThan(1e-12);
    }
    const c = expected.components;
    expect(report.by_group.male).toEqual({
      acc: c.acc_male,
      error: (c.n_male - c.correct_male) / c.n_male,
      mean_rank: c.mean_rank_male,
      count: c.n_male,
    });
    expect(report.by_group.female.mean_rank).toBe(c.mean_rank_female);
  });

  it('takes the group order from first appearance (male first here) and honours an explicit order', () => {
    const { ranks, groups } = load();
    expect(identificationReport({ ranks, groups }).order).toEqual(['male', 'female']);
    const flipped = identificationReport({ ranks, groups, order: ['female', 'male'] });
    expect(flipped.ratio).toBeCloseTo(Math.abs(1 - 7196 / 7374), 12);
  });
});

describe('identificationReport', () => {
  it('uses max − min and the worst ordered pair for more than two groups', () => {
    const ranks = [0, 0, 1, 0, 2, 3, 0, 0, 0, 5];
    const groups = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'c'];
    const r = identificationReport({ ranks, groups, order: ['a', 'b', 'c'], minCount: 1 });
    const acc = [2 / 3, 1 / 3, 3 / 4];
    const mean = [1 / 3, 5 / 3, 5 / 4];
    expect(r.disparity).toBeCloseTo(3 / 4 - 1 / 3, 15);
    expect(r.rank_disparity).toBeCloseTo(5 / 3 - 1 / 3, 15);
    const worst = (v: number[]) =>
      Math.max(Math.abs(1 - v[0] / v[1]), Math.abs(1 - v[0] / v[2]), Math.abs(1 - v[1] / v[2]));
    expect(r.ratio).toBeCloseTo(worst(acc), 15);
    expect(r.rank_ratio).toBeCloseTo(worst(mean), 15);
    expect(r.error).toBeCloseTo(4 / 10, 15);
  });

  it('excludes negative ranks and reports them; a zero denominator gives a null ratio', () => {
    const r = identificationReport({
      ranks: [0, 0, -1, 1, 2],
      groups: ['m', 'm', 'm', 'f', 'f'],
      minCount: 1,
    });
    expect(r.excluded).toBe(1);
    expect(r.by_group.m.count).toBe(2);
    expect(r.error_ratio).toBe(1); // |1 − 0/1|
    const zero = identificationReport({ ranks: [0, 1, 0, 0], groups: ['m', 'm', 'f', 'f'], minCount: 1 });
    expect(zero.rank_ratio).toBeNull(); // mean rank of f is 0
    expect(zero.error_ratio).toBeNull();
  });

  it('rejects a single group and an order that misses a group', () => {
    expect(() => identificationReport({ ranks: [0, 1], groups: ['m', 'm'] })).toThrow(/at least two/);
    expect(() => identificationReport({ ranks: [0, 1], groups: ['m', 'f'], order: ['m'] })).toThrow(
      /does not name/,
    );
  });

  it('bootstraps intervals that contain the point estimates', () => {
    const ranks = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? i % 5 : 0));
    const groups = ranks.map((_, i) => (i % 2 ? 'm' : 'f'));
    const r = identificationReport({ ranks, groups, bootstrap: 300, seed: 3 });
    const ci = r.ci?.metrics.error;
    expect(ci).not.toBeNull();
    expect(ci?.[0]).toBeLessThanOrEqual(r.error as number);
    expect(ci?.[1]).toBeGreaterThanOrEqual(r.error as number);
    expect(r.ci?.by_group.m.mean_rank).not.toBeNull();
  });
});
