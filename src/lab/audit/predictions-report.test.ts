import { describe, expect, it } from 'vitest';
import { classificationReport } from '../fairness/report';
import { auditPredictionsCsv } from './csv-audit';
import { predictionsCsvReport } from './predictions-report';

/** 12 rows: race a always right, b wrong on every third row; one row lacks its race. */
const CSV = [
  'file,y_true,y_pred,score,race,age,sample_weight',
  ...Array.from({ length: 12 }, (_, i) => {
    const race = i === 11 ? '' : i < 6 ? 'a' : 'b';
    const truth = i % 2 ? '1' : '0';
    const pred = race === 'b' && i % 3 === 0 ? (truth === '1' ? '0' : '1') : truth;
    return `f${i},${truth},${pred},${pred === '1' ? 0.8 : 0.3},${race},${20 + i},${1 + (i % 2)}`;
  }),
].join('\n');

describe('predictionsCsvReport (lab metrics, lab audit --format predictions and the Audit page)', () => {
  it('is classificationReport over the kept rows, with weights, scores and the skip log', () => {
    const { report, predictions, skipped, filtered } = predictionsCsvReport(CSV, { groupCols: ['race'] });
    const rows = predictions.rows;
    expect(rows).toHaveLength(11);
    expect(skipped).toEqual({
      n_skipped: 1,
      skipped: [{ reason: 'missing race', count: 1, examples: ['f11'] }],
    });
    expect(filtered).toBe(0);
    const direct = classificationReport({
      yTrue: rows.map((r) => r.yTrue),
      yPred: rows.map((r) => r.yPred),
      groups: rows.map((r) => r.attributes.race),
      scores: rows.map((r) => r.score!),
      weights: rows.map((r) => r.weight!),
    });
    expect(report).toEqual(direct);
    expect(report.meta.weighted).toBe(true);
  });

  it('gives the Audit page the same numbers plus the audit fields', () => {
    const options = { name: 'p.csv', groupCols: ['race'], filters: ['age>=22'], bootstrap: 40, seed: 2 };
    const shared = predictionsCsvReport(CSV, options);
    const { report } = auditPredictionsCsv(CSV, options);
    for (const key of ['overall', 'by_group', 'disparities', 'ci', 'meta'] as const)
      expect(report[key]).toEqual(shared.report[key]);
    expect(report).toMatchObject({ n_filtered: 2, n_skipped: 1, filters: ['age>=22'], model: null });
  });

  it('thresholds scores when asked, and reads the "group" column by default', () => {
    const text = 'y_true,score,group,extra\n1,0.9,x,q\n0,0.4,x,q\n1,0.2,y,q\n0,0.6,y,q\n';
    const { report, predictions } = predictionsCsvReport(text, { threshold: 0.5, minCount: 1 });
    expect(predictions.groupAttributes).toEqual(['group']);
    expect(predictions.rows.map((r) => r.yPred)).toEqual(['1', '0', '0', '1']);
    expect(report.by_group.x.accuracy).toBe(1);
    expect(report.by_group.y.accuracy).toBe(0);
  });

  it('reports overall and per class with no group columns', () => {
    const { report } = predictionsCsvReport(CSV, { groupCols: [] });
    expect(report.by_group).toEqual({});
    expect(report.overall.count).toBe(12);
    expect(report.warnings[0]).toMatch(/^no groups given/);
  });

  it('fails with one line naming the file, column and row', () => {
    const read =
      (text: string, options = {}) =>
      () =>
        predictionsCsvReport(text, { name: 'x.csv', ...options });
    expect(read('')).toThrow('x.csv is empty (needs a header and rows)');
    expect(read('y_true,y_pred\n1,1\n', { groupCols: ['race'] })).toThrow(
      'x.csv has no "race" column (columns: y_true, y_pred)',
    );
    expect(read('y_true,y_pred,score\n1,1,lots\n')).toThrow(
      'x.csv: "score" at row 2 is not a number ("lots")',
    );
    expect(read('y_true,score\n1,0.4\n2,0.3\n0,0.1\n', { threshold: 0.5 })).toThrow(
      'x.csv: a threshold needs binary y_true; found 1, 2, 0',
    );
    expect(read(CSV, { positive: 'yes' })).toThrow(
      'Positive label "yes" appears in neither y_true nor y_pred',
    );
    expect(read(CSV, { filters: ['age>100'] })).toThrow('No rows left: all were skipped or filtered out');
  });
});
