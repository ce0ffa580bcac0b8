import { describe, expect, it } from 'vitest';
import type { FrozenTrial } from '../../../lab/search/frozen-trial';
import { frontLine, studyPoints, unplotted } from './study-points';

function trial(
  number: number,
  state: FrozenTrial['state'],
  results: FrozenTrial['results'],
  extra: Partial<FrozenTrial> = {},
): FrozenTrial {
  return {
    id: `s#${number}`,
    number,
    state,
    params: {},
    distributions: {},
    results,
    userAttrs: {},
    systemAttrs: {},
    ...extra,
  };
}

describe('study points', () => {
  const trials = [
    trial(0, 'COMPLETE', [{ budget: 4, state: 'COMPLETE', values: [0.2, 0.5] }], {
      userAttrs: { baseline: 'FR-NAS 000' },
    }),
    trial(1, 'COMPLETE', [{ budget: 4, state: 'COMPLETE', values: [0.3, 0.1] }]),
    trial(2, 'COMPLETE', [{ budget: 4, state: 'COMPLETE', values: [0.5, 0.6] }]),
    trial(3, 'PRUNED', [{ budget: 1, state: 'PRUNED', values: [0.6, 0.2] }]),
    trial(4, 'COMPLETE', [{ budget: 4, state: 'COMPLETE', values: [0.1, 0.05] }], {
      systemAttrs: { constraints: [10] },
    }),
    trial(5, 'FAIL', [{ budget: 4, state: 'FAIL', reason: 'NaN' }]),
    trial(6, 'RUNNING', []),
  ];
  const baselines = [
    trial(0, 'COMPLETE', [{ budget: 4, state: 'COMPLETE', values: [0.4, 0.4] }], {
      userAttrs: { baseline: 'expression CNN' },
    }),
  ];
  const view = { trials, baselines, pareto: [0, 1] };

  it('draws each trial once, in the kind that fits it', () => {
    const kinds = Object.fromEntries(studyPoints(view).map((p) => [p.key, p.kind]));
    expect(kinds).toEqual({
      t0: 'baseline',
      t1: 'front',
      t2: 'searched',
      t3: 'low-fidelity',
      t4: 'infeasible',
      b0: 'baseline',
    });
    const p3 = studyPoints(view).find((p) => p.key === 't3')!;
    expect([p3.x, p3.y, p3.budget]).toEqual([0.2, 0.6, 1]);
    expect(unplotted(view)).toEqual({ failed: 1, pending: 1 });
  });

  it('orders the front by disparity (x) for the step line', () => {
    expect(frontLine({ ...view, referencePoint: null })).toEqual([
      { x: 0.1, y: 0.3 },
      { x: 0.5, y: 0.2 },
    ]);
    expect(frontLine({ ...view, referencePoint: [0.7, 0.9] })).toEqual([
      { x: 0.1, y: 0.7 },
      { x: 0.1, y: 0.3 },
      { x: 0.5, y: 0.2 },
      { x: 0.9, y: 0.2 },
    ]);
  });
});
