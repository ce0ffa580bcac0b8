import { describe, expect, it } from 'vitest';
import { readScoresCsv } from './scores-csv';

const CSV = [
  'y_true,score,race,split',
  '1,0.9,a,val',
  '0,0.2,a,val',
  '1,0.7,b,val',
  '0,0.4,b,val',
  '1,0.8,a,test',
  '0,0.1,b,test',
].join('\n');

describe('readScoresCsv', () => {
  it('fits on one split value and evaluates the rest', () => {
    const csv = readScoresCsv(CSV, { fitSplit: { kind: 'column', column: 'split', fit: 'val' } });
    expect(csv.groupCols).toEqual(['race']);
    expect(csv.positive).toBe('1');
    expect(Array.from(csv.fit.labels)).toEqual([1, 0, 1, 0]);
    expect(csv.fit.groups).toEqual(['a', 'a', 'b', 'b']);
    expect(Array.from(csv.evaluate.scores)).toEqual([0.8, 0.1]);
    expect(csv.evaluateDescription).toBe('split ≠ val (2 rows)');
    expect(csv.warnings).toEqual([]);
  });

  it('fits and evaluates on the same rows with a warning when no split is given', () => {
    const csv = readScoresCsv(CSV, { groupCols: ['race'] });
    expect(csv.fit.labels).toHaveLength(6);
    expect(csv.evaluate.labels).toHaveLength(6);
    expect(csv.warnings[0]).toMatch(/same rows/);
  });

  it('splits at random, stratified by group × label, seeded', () => {
    const rows = ['y_true,score,g'];
    for (let i = 0; i < 40; i++) rows.push(`${i % 2},${(i % 10) / 10},${i < 20 ? 'x' : 'y'}`);
    const text = rows.join('\n');
    const a = readScoresCsv(text, { fitSplit: { kind: 'random', fraction: 0.5, seed: 3 } });
    const b = readScoresCsv(text, { fitSplit: { kind: 'random', fraction: 0.5, seed: 3 } });
    expect(a.fit.labels).toHaveLength(20);
    expect(Array.from(a.fit.scores)).toEqual(Array.from(b.fit.scores));
    // Each of the four cells (10 rows) gives exactly 5 rows to the fit side.
    for (const g of ['x', 'y'])
      for (const y of [0, 1])
        expect(a.fit.groups.filter((v, i) => v === g && a.fit.labels[i] === y)).toHaveLength(5);
  });

  it('crosses several group columns and takes a named positive label', () => {
    const text = 'y_true,score,race,sex\nyes,0.9,a,f\nno,0.2,a,m\nyes,0.7,b,f\nno,0.4,b,m\n';
    const csv = readScoresCsv(text, { positive: 'yes' });
    expect(csv.fit.groups).toEqual(['a|f', 'a|m', 'b|f', 'b|m']);
    expect(Array.from(csv.fit.labels)).toEqual([1, 0, 1, 0]);
    expect(csv.negative).toBe('no');
  });

  it.each([
    ['score,race\n0.3,a\n', /no "y_true" column/],
    ['y_true,race\n1,a\n', /no "score" column/],
    ['y_true,score\n1,0.3\n', /no group column/],
    ['y_true,score,g\n1,0.3,a\n0,high,b\n', /row 3: score "high" is not a number/],
    ['y_true,score,g\n1,0.3,a\n0,,b\n', /row 3: score "" is not a number/],
    ['y_true,score,g\n1,0.3,a\n2,0.2,b\n0,0.1,a\n', /y_true must be binary; found 3 values/],
    ['y_true,score,g\n1,0.3,a\n1,0.2,b\n', /only one value/],
    ['y_true,score,g\nyes,0.3,a\nno,0.2,b\n', /y_true is no \/ yes: say which is positive/],
    ['y_true,score,g\n1,0.3,\n0,0.2,b\n', /row 2: group column "g" is empty/],
    ['', /empty/],
  ])('rejects bad input in one line: %j', (text, message) => {
    expect(() => readScoresCsv(text)).toThrow(message);
  });

  it('rejects a split value no row has', () => {
    expect(() => readScoresCsv(CSV, { fitSplit: { kind: 'column', column: 'split', fit: 'valid' } })).toThrow(
      /no row has split = valid \(values: test, val\)/,
    );
    expect(() => readScoresCsv(CSV, { fitSplit: { kind: 'column', column: 'fold', fit: '1' } })).toThrow(
      /no "fold" column/,
    );
  });
});
