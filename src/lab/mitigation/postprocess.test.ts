import { describe, expect, it } from 'vitest';
import { fromJsonText, toJsonText } from './json';
import { postprocessCsv } from './postprocess';
import { syntheticCsv, syntheticScores } from '../test-support/mitigation-fixtures';

const rows = syntheticScores(21);
// Every other row fits ("val"), the rest are evaluated ("test").
const text = syntheticCsv(rows, (i) => (i % 2 === 0 ? 'val' : 'test'));
const fitSplit = { kind: 'column', column: 'split', fit: 'val', evaluate: 'test' } as const;

describe('postprocessCsv', () => {
  it('reports before, after (expected) and after_sampled on the evaluated rows', () => {
    const result = postprocessCsv(text, { constraints: 'equalized_odds', fitSplit, seed: 4 });
    expect(result.fit.rows).toBe(500);
    expect(result.evaluate).toEqual({ rows: 500, description: 'split = test (500 rows)' });
    expect(result.group_cols).toEqual(['group']);
    for (const report of [result.before, result.after, result.after_sampled]) {
      expect(Object.keys(report.by_group)).toEqual(['A', 'B']);
      expect(report.by_group.A.count + report.by_group.B.count).toBe(500);
      expect(report.by_group.A).toEqual(
        expect.objectContaining({
          selection_rate: expect.any(Number),
          tpr: expect.any(Number),
          fpr: expect.any(Number),
        }),
      );
      expect(report.accuracy).toEqual(expect.any(Number));
      expect(report.balanced_accuracy).toEqual(expect.any(Number));
    }
    expect(result.after.gaps.equalized_odds!).toBeLessThan(result.before.gaps.equalized_odds! / 2);
    // The fitted operating points coincide for equalized odds.
    expect(result.operating_points.A.fpr).toBeCloseTo(result.operating_points.B.fpr, 9);
    expect(result.operating_points.A.tpr).toBeCloseTo(result.operating_points.B.tpr, 9);
    expect(result.operating_points.A.fpr).toBeCloseTo(result.x_best, 9);
    expect(result.thresholds.A).toEqual(
      expect.objectContaining({
        p0: expect.any(Number),
        operation0: expect.any(Object),
        p_ignore: expect.any(Number),
      }),
    );
    expect(result.roc.A.curve[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(result.roc.A.curve.at(-1)).toEqual({ fpr: 1, tpr: 1 });
    expect(result.warnings).toEqual([]);
  });

  it('draws the same sample for the same seed and another for another seed', () => {
    const options = { constraints: 'demographic_parity', fitSplit } as const;
    const a = postprocessCsv(text, { ...options, seed: 1 });
    const b = postprocessCsv(text, { ...options, seed: 1 });
    const c = postprocessCsv(text, { ...options, seed: 2 });
    expect(a.after_sampled).toEqual(b.after_sampled);
    expect(a.after).toEqual(c.after);
    expect(a.after_sampled.by_group.A.selection_rate).toBeCloseTo(a.after.by_group.A.selection_rate!, 1);
  });

  it('says which group lacks positives among the fit rows', () => {
    const bad = 'y_true,score,g,split\n1,0.9,a,val\n0,0.1,a,val\n0,0.4,b,val\n0,0.3,b,val\n1,0.5,b,test\n';
    expect(() => postprocessCsv(bad, { constraints: 'equalized_odds', fitSplit })).toThrow(
      'group "b" has no positives: threshold optimisation needs both labels in every group (in the fit rows: split = val (4 rows))',
    );
  });

  it('writes ±∞ thresholds as "inf" / "-inf" in JSON and reads them back', () => {
    const result = postprocessCsv(text, { constraints: 'true_positive_rate_parity', fitSplit });
    const json = toJsonText(result);
    expect(json).not.toContain('null,"p1"');
    const back = fromJsonText<typeof result>(json);
    expect(back.thresholds).toEqual(result.thresholds);
    expect(toJsonText({ t: Infinity, u: -Infinity })).toBe('{"t":"inf","u":"-inf"}');
  });
});
