import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FrozenTrial, TrialState } from '../frozen-trial';
import { baselineDominance } from './baselines';
import { paretoTrials } from './front';
import { publishedXY, readFrnasPhase2Csv } from './frnas-published';
import { defaultReferencePoint, hypervolumeHistory, studyHypervolume } from './hypervolume';

const trial = (
  number: number,
  values: number[],
  state: TrialState = 'COMPLETE',
  extra: Partial<FrozenTrial> = {},
): FrozenTrial => ({
  id: `s#${number}`,
  number,
  state,
  params: {},
  distributions: {},
  results: [{ budget: state === 'COMPLETE' ? 100 : 25, state: 'COMPLETE', values }],
  userAttrs: {},
  systemAttrs: {},
  ...extra,
});

const trials = [
  trial(0, [0.3, 0.3]),
  trial(1, [0.1, 0.9]),
  trial(2, [0.05, 0.05], 'PRUNED'), // low fidelity: never on the front
  trial(3, [0.2, 0.2], 'COMPLETE', { systemAttrs: { constraints: [0.5] } }), // infeasible
  trial(4, [0.5, 0.1]),
  trial(5, [0.4, 0.4], 'COMPLETE', { userAttrs: { baseline: 'FR-NAS 000' } }),
  trial(6, [0.3, 0.3]),
];

describe('study results', () => {
  it('puts only complete, feasible trials on the front; equal points share it', () => {
    expect(paretoTrials(trials).map((t) => t.number)).toEqual([0, 1, 4, 6]);
  });

  it('computes the hypervolume against a stated reference, and its history over trials', () => {
    const ref: [number, number] = [1, 1];
    // Staircase (0.1,0.9), (0.3,0.3), (0.5,0.1) under (1,1): 0.9·0.1 + 0.7·0.6 + 0.5·0.2.
    expect(studyHypervolume(trials, ref)).toBeCloseTo(0.09 + 0.42 + 0.1, 12);
    expect(hypervolumeHistory(trials, ref).map((h) => +h.hypervolume.toFixed(10))).toEqual([
      0.49, 0.51, 0.51, 0.51, 0.61, 0.61, 0.61,
    ]);
    // Nadir of the feasible complete trials (0.5, 0.9) plus 10 % of their ranges (0.4, 0.8).
    const [rx, ry] = defaultReferencePoint(trials);
    expect(rx).toBeCloseTo(0.54, 12);
    expect(ry).toBeCloseTo(0.98, 12);
    expect(() => defaultReferencePoint([trials[2]])).toThrow(/no complete feasible/);
  });

  it('says which searched trials dominate each baseline', () => {
    expect(baselineDominance(trials)).toEqual([
      { baseline: 5, label: 'FR-NAS 000', values: [0.4, 0.4], dominatedBy: [0, 6] },
    ]);
  });

  it("reads FR-NAS's phase-2 CSV as a labelled series", () => {
    const csv = 'Error_mean,Rank Disparity_mean,Model name,Error_std\n0.05,0.2,dpn107_CosFace_SGD,0.01\n';
    const series = readFrnasPhase2Csv(csv, 'CelebA');
    expect(publishedXY(series)).toEqual([{ label: 'dpn107_CosFace_SGD', x: 0.2, y: 0.05 }]);
    expect(series.points[0].metrics.Error_std).toBe(0.01);
    expect(() => readFrnasPhase2Csv('Model name,Error_mean\nx,1\n', 'bad')).toThrow(/Rank Disparity_mean/);
    expect(() => readFrnasPhase2Csv(csv.replace('0.05', 'n/a'), 'bad')).toThrow(
      /row 2 has a non-numeric Error_mean/,
    );
  });

  const shared = '../shared/reference/frnas';
  it.skipIf(!existsSync(shared))('reads the published CelebA and VGGFace2 tables', () => {
    const celeba = readFrnasPhase2Csv(readFileSync(`${shared}/celeba_test_phase2.csv`, 'utf8'), 'CelebA');
    const vgg = readFrnasPhase2Csv(readFileSync(`${shared}/vgg_test_phase2.csv`, 'utf8'), 'VGGFace2');
    expect(celeba.points.length).toBe(9);
    expect(vgg.points.length).toBe(28);
    expect(celeba.points.find((p) => p.label === 'dpn107_CosFace_SGD')?.metrics['Error_mean']).toBeCloseTo(
      0.0477,
      4,
    );
    expect(vgg.points[0].label).toBe('twins_svt_large_CosFace_AdamW_0.001_cosine');
    expect(publishedXY(vgg).every((p) => p.x > 0 && p.y > 0)).toBe(true);
  });
});
