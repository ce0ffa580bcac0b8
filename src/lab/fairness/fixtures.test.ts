import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../util/csv';
import { classificationReport } from './report';

const FAIRLEARN = path.resolve(__dirname, '../../../../shared/reference/fairlearn');

interface Fixture {
  meta: { pos_label: number; groups: string[]; sample_weight: boolean };
  overall: Record<string, number | null>;
  by_group: Record<string, Record<string, number | null>>;
  disparities: Record<string, number | null>;
  aif360?: { privileged_group: string; classic_api: Record<string, number> };
}

function load(name: string) {
  const expected = JSON.parse(readFileSync(path.join(FAIRLEARN, `${name}.json`), 'utf8')) as Fixture;
  const { header, rows } = parseCsv(readFileSync(path.join(FAIRLEARN, `${name}.csv`), 'utf8'));
  const column = (col: string) => rows.map((r) => r[header.indexOf(col)]);
  const report = classificationReport({
    yTrue: column('y_true'),
    yPred: column('y_pred'),
    groups: column('group'),
    scores: header.includes('score') ? column('score').map(Number) : undefined,
    weights: header.includes('sample_weight') ? column('sample_weight').map(Number) : undefined,
    posLabel: expected.meta.pos_label,
    privileged: expected.aif360?.privileged_group,
  });
  return { expected, report };
}

/** Fairlearn writes 0 for an undefined rate; we write null. These are the (group, metric) pairs. */
const UNDEFINED_IN_FIXTURE: Record<string, [string, string][]> = {
  edge: [
    ['Z', 'tpr'],
    ['Z', 'fnr'],
  ],
};

describe.skipIf(!existsSync(FAIRLEARN))('Fairlearn / AIF360 fixtures', () => {
  for (const name of ['edge', 'three-groups', 'weighted']) {
    it(`reproduces ${name}.json to 1e-9`, () => {
      const { expected, report } = load(name);
      const undefinedPairs = UNDEFINED_IN_FIXTURE[name] ?? [];
      for (const [metric, value] of Object.entries(expected.overall)) {
        expect(report.overall[metric as keyof typeof report.overall], `overall ${metric}`).toBeCloseTo(
          value as number,
          9,
        );
      }
      for (const [group, row] of Object.entries(expected.by_group)) {
        for (const [metric, value] of Object.entries(row)) {
          const actual = report.by_group[group][metric as keyof (typeof report.by_group)[string]];
          if (undefinedPairs.some(([g, m]) => g === group && m === metric)) {
            expect(value, `fixture writes 0 for undefined ${group} ${metric}`).toBe(0);
            expect(actual, `${group} ${metric}`).toBeNull();
          } else {
            expect(actual, `${group} ${metric}`).toBeCloseTo(value as number, 9);
          }
        }
      }
      for (const [metric, value] of Object.entries(expected.disparities)) {
        expect(report.disparities[metric], metric).toBeCloseTo(value as number, 9);
      }
      if (expected.aif360) {
        for (const [metric, value] of Object.entries(expected.aif360.classic_api)) {
          expect(report.aif360?.[metric as keyof typeof report.aif360], metric).toBeCloseTo(value, 9);
        }
      }
    });
  }

  it('reports the undefined rates of edge.json group Z as null with a reason', () => {
    const { report } = load('edge');
    expect(report.by_group.Z.tpr).toBeNull();
    expect(report.by_group.Z.fnr).toBeNull();
    const reasons = report.undefined.filter((u) => u.group === 'Z').map((u) => u.metric);
    expect(reasons).toEqual(expect.arrayContaining(['tpr', 'fnr']));
    expect(report.warnings.some((w) => w.includes('tpr: skipped group(s) Z'))).toBe(true);
    expect(report.small_groups).toEqual(['X', 'Y', 'Z']);
  });
});
