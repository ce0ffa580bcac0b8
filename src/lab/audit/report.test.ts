import { describe, expect, it } from 'vitest';
import { parseCsv } from '../util/csv';
import { auditPredictionsCsv } from './csv-audit';
import { reportCsv } from './report-csv';
import { reportMarkdown } from './report-markdown';
import { largestGaps, groupings } from './report-table';

/** 40 rows: group a is always right, group b right half the time. */
function predictions(): string {
  const lines = ['file,y_true,y_pred,score,race,gender,age'];
  for (let i = 0; i < 40; i++) {
    const race = i < 20 ? 'a' : 'b';
    const truth = i % 2 === 0 ? 'yes' : 'no';
    const pred = race === 'a' || i % 4 < 2 ? truth : truth === 'yes' ? 'no' : 'yes';
    lines.push(
      `img${i}.jpg,${truth},${pred},${pred === 'yes' ? 0.8 : 0.2},${race},${i % 3 === 0 ? 'f' : 'm'},${20 + i}`,
    );
  }
  return lines.join('\n');
}

describe('audit report views', () => {
  const { report } = auditPredictionsCsv(predictions(), {
    name: 'preds.csv',
    groupCols: ['race'],
    positive: 'yes',
    privileged: 'a',
    bootstrap: 100,
    seed: 1,
  });

  it('is the lab-metrics report plus the audit fields', () => {
    expect(report.by_group.a.accuracy).toBe(1);
    expect(report.by_group.b.accuracy).toBe(0.5);
    expect(report.disparities.accuracy_difference).toBe(0.5);
    expect(report.aif360?.privileged_group).toBe('a');
    expect(report.ci?.by_group.a.accuracy).toHaveLength(2);
    expect(report).toMatchObject({
      model: null,
      mapping: null,
      backend: null,
      filters: [],
      n_skipped: 0,
      group_attributes: ['race'],
    });
    expect(Date.parse(report.created)).not.toBeNaN();
  });

  it('names the largest gap', () => {
    const [gap] = largestGaps(groupings(report)[0]);
    expect(gap).toMatchObject({ metric: 'accuracy', low: { group: 'b' }, high: { group: 'a' }, gap: 0.5 });
  });

  it('writes the per-group table as CSV with intervals', () => {
    const { header, rows } = parseCsv(reportCsv(report));
    expect(header.slice(0, 6)).toEqual([
      'grouping',
      'group',
      'count',
      'accuracy',
      'accuracy_ci_low',
      'accuracy_ci_high',
    ]);
    expect(rows.map((r) => r[1])).toEqual(['overall', 'a', 'b']);
    expect(Number(rows[2][3])).toBe(0.5);
  });

  it('writes a model-card section with the table, the gaps in words and the setup', () => {
    const md = reportMarkdown(report);
    expect(md).toMatch(/^## Quantitative analyses/);
    expect(md).toContain('| a | 20 | 1.000 [');
    expect(md).toMatch(
      /Accuracy is lowest for \*\*b\*\* \(0\.500, n=20\) and highest for \*\*a\*\* \(1\.000, n=20\): a gap of 0\.500/,
    );
    expect(md).toContain('AIF360 view (privileged: a');
    expect(md).toContain('predictions imported from CSV');
  });

  it('filters on extra CSV columns, numeric or categorical', () => {
    const adults = auditPredictionsCsv(predictions(), {
      name: 'p',
      groupCols: ['race'],
      positive: 'yes',
      filters: ['age>=30', 'gender=m'],
    });
    expect(adults.report.n_filtered).toBe(40 - adults.predictions.rows.length);
    expect(
      adults.predictions.rows.every((r) => Number(r.attributes.age) >= 30 && r.attributes.gender === 'm'),
    ).toBe(true);
    expect(() =>
      auditPredictionsCsv(predictions(), {
        name: 'p',
        groupCols: ['race'],
        positive: 'yes',
        filters: ['gender=x'],
      }),
    ).toThrow(/no value "x"/);
  });

  it('crosses several group columns and reports each alone', () => {
    const both = auditPredictionsCsv(predictions(), {
      name: 'p',
      groupCols: ['race', 'gender'],
      positive: 'yes',
    }).report;
    expect(Object.keys(both.by_group)).toContain('a|f');
    expect(Object.keys(both.by_attribute ?? {})).toEqual(['race', 'gender']);
    expect(reportMarkdown(both)).toContain('### By race × gender');
  });

  it('rejects a CSV without the required columns', () => {
    expect(() => auditPredictionsCsv('file,y_true,race\na,1,x\n', { name: 'p.csv' })).toThrow(
      /^p\.csv has no "y_pred" column \(columns: file, y_true, race\)/,
    );
  });

  it('says "no groups given" and reports overall and per class in every view', () => {
    // Three expressions, no group column: what an auditor asks first.
    const lines = ['file,y_true,y_pred'];
    const labels = ['happy', 'sad', 'neutral'];
    for (let i = 0; i < 30; i++)
      lines.push(`f${i},${labels[i % 3]},${labels[i % 5 === 0 ? (i + 1) % 3 : i % 3]}`);
    const { report } = auditPredictionsCsv(lines.join('\n'), { name: 'p.csv', groupCols: [] });
    expect(report.group_attributes).toEqual([]);
    expect(report.by_group).toEqual({});
    expect(report.warnings[0]).toMatch(/^no groups given/);
    expect(report.overall.accuracy).toBeCloseTo(24 / 30, 12);

    const { header, rows } = parseCsv(reportCsv(report));
    expect(header).toEqual(expect.arrayContaining(['accuracy', 'tpr', 'precision']));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['no groups', 'overall'],
      ['class', 'happy'],
      ['class', 'neutral'],
      ['class', 'sad'],
    ]);
    const recall = header.indexOf('tpr');
    // 'sad' rows are i ≡ 1 (mod 3): wrong when i ≡ 0 (mod 5), i.e. i = 10 and 25 of 10.
    expect(Number(rows[3][recall])).toBeCloseTo(0.8, 12);

    const md = reportMarkdown(report);
    expect(md).toContain('groups: no groups given (overall and per class only)');
    expect(md).toContain('### Overall');
    expect(md).toMatch(/### Per class \(one-vs-rest, all images\)\n\n\| Class \| Recall \(class accuracy\)/);
    expect(md).toContain('| sad | 0.800 |');
    expect(md).not.toContain('Largest gaps');
  });
});
