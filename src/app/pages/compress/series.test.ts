import { describe, expect, it } from 'vitest';
import type { PublishedResults } from '../../../lab/compress/published';
import type { SettingSummary, SweepRecord } from '../../../lab/compress/sweep-types';
import {
  groupAccuracyRows,
  parametricMethods,
  pointCounts,
  publishedGroupSeries,
  publishedSizeSeries,
  sizeAccuracySeries,
  sizeDisparitySeries,
} from './series';

function setting(
  key: string,
  method: string,
  param: number | null,
  size: number,
  acc: number,
): SettingSummary {
  return {
    key,
    method,
    param,
    format: '',
    sizeBytes: size,
    sizeDeflateBytes: size / 2,
    parameters: 10,
    sparsity: 0,
    distinctValues: 0,
    accuracy: acc,
    accuracyRepeats: [acc],
    byGroup: {
      light: { accuracy: acc + 0.05, count: 80, ci: [acc, acc + 0.1], repeats: [] },
      dark: { accuracy: acc - 0.1, count: 20, ci: null, repeats: [] },
    },
    byIntersection: {},
    disparities: { accuracy_difference: 0.15 },
    disparity: 0.15,
  };
}

const record = {
  disparity: 'accuracy_difference',
  settings: [
    setting('baseline', 'baseline', null, 1000, 0.8),
    setting('prune:0.3', 'prune', 0.3, 1000, 0.79),
    setting('prune:0.6', 'prune', 0.6, 1000, 0.7),
    setting('int8', 'int8', null, 250, 0.8),
    setting('cluster:16', 'cluster', 16, 1000, 0.78),
  ],
} as unknown as SweepRecord;

describe('Compress page chart series', () => {
  it('size against accuracy: one series per technique, relative to the uncompressed size', () => {
    const series = sizeAccuracySeries(record, 'deflate', true);
    expect(pointCounts(series)).toEqual({ baseline: 1, prune: 2, int8: 1, cluster: 1 });
    expect(series.find((s) => s.name === 'int8')!.points[0]).toEqual({ x: 0.25, y: 0.8, label: 'int8' });
    expect(sizeAccuracySeries(record, 'raw', false)[0].points[0].x).toBe(1000);
    expect(pointCounts(sizeDisparitySeries(record, 'raw', true))).toEqual({
      baseline: 1,
      prune: 2,
      int8: 1,
      cluster: 1,
    });
  });

  it('accuracy per group against sparsity starts at the baseline; k does not', () => {
    expect(parametricMethods(record)).toEqual(['prune', 'cluster']);
    const prune = groupAccuracyRows(record, 'prune');
    expect(prune.groups).toEqual(['light', 'dark']);
    expect(prune.rows.map((r) => r.x)).toEqual([0, 0.3, 0.6]);
    expect(prune.rows[1].light).toBeCloseTo(0.84, 12);
    expect(prune.rows[1].light__band).toEqual([0.79, 0.89]);
    expect(prune.rows[1].dark__band).toBeUndefined();
    expect(groupAccuracyRows(record, 'cluster').rows.map((r) => r.x)).toEqual([16]);
  });

  it('published results become labelled series of their own dataset', () => {
    const published: PublishedResults = {
      name: 'paper.csv',
      datasets: ['CK+'],
      groups: ['female', 'male'],
      rows: [
        {
          dataset: 'CK+',
          method: 'baseline',
          param: null,
          runs: 1,
          sizeBytes: 16e6,
          accuracy: 0.68,
          byGroup: { female: 0.67, male: 0.69 },
        },
        {
          dataset: 'CK+',
          method: 'prune',
          param: 0.5,
          runs: 3,
          sizeBytes: 10e6,
          accuracy: 0.64,
          byGroup: { female: 0.6, male: 0.71 },
        },
        {
          dataset: 'CK+',
          method: 'int8',
          param: null,
          runs: 3,
          sizeBytes: 4e6,
          accuracy: 0.68,
          byGroup: { female: 0.67, male: 0.69 },
        },
      ],
    };
    const size = publishedSizeSeries(published, 'CK+', true);
    expect(pointCounts(size)).toEqual({
      'CK+ (published): baseline': 1,
      'CK+ (published): prune': 1,
      'CK+ (published): int8': 1,
    });
    expect(size.every((s) => s.published)).toBe(true);
    expect(size[2].points[0].x).toBe(0.25);
    const groups = publishedGroupSeries(published, 'CK+', 'prune');
    expect(pointCounts(groups)).toEqual({ 'CK+ (published): female': 2, 'CK+ (published): male': 2 });
    expect(publishedGroupSeries(published, 'CK+', 'cluster')).toEqual([]);
  });
});
