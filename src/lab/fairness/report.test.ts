import { describe, expect, it } from 'vitest';
import { aif360Metrics } from './aif360';
import { classificationReport } from './report';

describe('classificationReport', () => {
  it('accepts string labels with a string positive label', () => {
    const r = classificationReport({
      yTrue: ['yes', 'no', 'yes', 'no'],
      yPred: ['yes', 'yes', 'no', 'no'],
      groups: ['a', 'a', 'b', 'b'],
      posLabel: 'yes',
    });
    expect(r.meta.pos_label).toBe('yes');
    expect(r.by_group.a).toMatchObject({ tpr: 1, fpr: 1, accuracy: 0.5, selection_rate: 1, count: 2 });
    expect(r.by_group.b).toMatchObject({ tpr: 0, fpr: 0, precision: null });
    expect(r.undefined).toContainEqual({ group: 'b', metric: 'precision', reason: 'no predicted positives' });
    expect(() =>
      classificationReport({ yTrue: ['yes', 'no'], yPred: ['yes', 'no'], groups: ['a', 'b'] }),
    ).toThrow(/positive label/);
  });

  it('evaluates a 4-class classifier per group from Int32Array class indices', () => {
    const yTrue = Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]);
    const yPred = Int32Array.from([0, 1, 2, 0, 0, 2, 2, 3]);
    const r = classificationReport({ yTrue, yPred, groups: ['f', 'f', 'f', 'f', 'm', 'm', 'm', 'm'] });
    expect(r.meta.classes).toEqual(['0', '1', '2', '3']);
    expect(r.meta.pos_label).toBeNull();
    expect(r.by_group.f.accuracy).toBe(0.75);
    expect(r.by_group.m.accuracy).toBe(0.75);
    expect(r.by_group.f.tpr).toBeNull();
    expect(r.disparities).toEqual({ accuracy_difference: 0, accuracy_ratio: 1 });
    expect(r.by_class?.by_group.f['3']).toMatchObject({ tpr: 0, fnr: 1, precision: null });
    expect(r.by_class?.by_group.m['2']).toMatchObject({ tpr: 1, selection_rate: 0.5, precision: 0.5 });
    const withPositive = classificationReport({
      yTrue,
      yPred,
      groups: ['f', 'f', 'f', 'f', 'm', 'm', 'm', 'm'],
      posLabel: 3,
    });
    expect(withPositive.by_group.f.tpr).toBe(0);
    expect(withPositive.by_group.m.tpr).toBe(1);
  });

  it('crosses several sensitive attributes into "a|b" groups', () => {
    const r = classificationReport({
      yTrue: [1, 0, 1, 0],
      yPred: [1, 0, 0, 0],
      groups: [
        ['white', 'white', 'black', 'black'],
        ['female', 'male', 'female', 'male'],
      ],
    });
    expect(r.meta.groups).toEqual(['black|female', 'black|male', 'white|female', 'white|male']);
  });

  it('computes disparities to the overall value, and flags small groups', () => {
    const yTrue = [1, 1, 0, 0, 1, 1, 0, 0];
    const yPred = [1, 1, 1, 0, 1, 0, 0, 0];
    const groups = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const r = classificationReport({ yTrue, yPred, groups, method: 'to_overall', minCount: 5 });
    // Selection rates a 0.75, b 0.25, overall 0.5.
    expect(r.disparities.demographic_parity_difference).toBe(0.25);
    expect(r.disparities.demographic_parity_ratio).toBe(0.5);
    expect(r.small_groups).toEqual(['a', 'b']);
    expect(r.warnings[0]).toMatch(/group a has 4 rows/);
  });

  it('recomputes the AIF360 view for any privileged group from the report alone', () => {
    const r = classificationReport({
      yTrue: [1, 0, 1, 0, 1, 0],
      yPred: [1, 0, 0, 0, 1, 1],
      groups: ['a', 'a', 'b', 'b', 'c', 'c'],
      privileged: 'a',
    });
    expect(aif360Metrics(r.confusion ?? {}, 'a')).toEqual(r.aif360);
    const c = aif360Metrics(r.confusion ?? {}, 'c');
    expect(c.statistical_parity_difference).toBeCloseTo(0.25 - 1, 15);
    expect(c.disparate_impact).toBeCloseTo(0.25, 15);
  });

  it('reports overall and per class when no groups are given', () => {
    const yTrue = ['a', 'b', 'c', 'a', 'b', 'c'];
    const yPred = ['a', 'b', 'a', 'a', 'c', 'c'];
    const r = classificationReport({ yTrue, yPred, groups: [], bootstrap: 50, seed: 1 });
    const grouped = classificationReport({ yTrue, yPred, groups: ['x', 'x', 'x', 'y', 'y', 'y'] });
    expect(r.overall).toEqual(grouped.overall);
    expect(r.by_class?.overall).toEqual(grouped.by_class?.overall);
    expect(r.overall.accuracy).toBeCloseTo(4 / 6, 12);
    expect(r).toMatchObject({ by_group: {}, disparities: {}, small_groups: [], meta: { groups: [] } });
    expect(r.by_class?.by_group).toEqual({});
    expect(r.ci?.overall.accuracy).toHaveLength(2);
    expect(r.ci?.by_group).toEqual({});
    expect(r.warnings[0]).toMatch(/no groups given/);
    expect(() => classificationReport({ yTrue, yPred, groups: [], privileged: 'x' })).toThrow(/needs groups/);
  });

  it('rejects a single group and an unknown privileged group', () => {
    expect(() => classificationReport({ yTrue: [1, 0], yPred: [1, 0], groups: ['a', 'a'] })).toThrow(
      /one group/,
    );
    expect(() =>
      classificationReport({ yTrue: [1, 0], yPred: [1, 0], groups: ['a', 'b'], privileged: 'z' }),
    ).toThrow(/privileged group "z"/);
  });
});
