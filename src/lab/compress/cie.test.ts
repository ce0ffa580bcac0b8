import { describe, expect, it } from 'vitest';
import { compressionIdentifiedExemplars, modalLabels } from './cie';

describe('compression-identified exemplars', () => {
  it('modal label per example, ties to the smallest label', () => {
    expect([
      ...modalLabels([
        [0, 1, 2, 3],
        [0, 2, 2, 1],
        [1, 2, 0, 1],
      ]),
    ]).toEqual([0, 2, 2, 1]);
    expect([...modalLabels([[3], [1]])]).toEqual([1]);
  });

  it('matches a hand-made population: modal labels compared, true labels unused to find them', () => {
    // 6 examples, groups a a a b b b; 3 baseline models and 3 compressed models.
    const yTrue = [0, 1, 2, 0, 1, 2];
    const groups = ['a', 'a', 'a', 'b', 'b', 'b'];
    const baseline = [
      [0, 1, 2, 0, 1, 1],
      [0, 1, 2, 0, 2, 1],
      [0, 1, 1, 0, 1, 2],
    ]; // modal: 0 1 2 0 1 1
    const compressed = [
      [0, 1, 0, 1, 2, 1],
      [0, 2, 0, 1, 2, 1],
      [1, 1, 2, 0, 0, 0],
    ]; // modal: 0 1 0 1 2 1  → CIEs at 2, 3, 4
    const r = compressionIdentifiedExemplars({ baseline, compressed, yTrue, groups });
    expect([...r.baselineModal]).toEqual([0, 1, 2, 0, 1, 1]);
    expect([...r.compressedModal]).toEqual([0, 1, 0, 1, 2, 1]);
    expect([...r.isCie]).toEqual([0, 0, 1, 1, 1, 0]);
    expect(r.byGroup.a).toEqual({
      count: 3,
      cie: 1,
      fraction: 1 / 3,
      accuracyCie: 1 / 3, // example 2 (true 2): compressed models say 0, 0, 2
      accuracyNonCie: 4 / 6, // examples 0, 1: (1 + 1 + 0) + (1 + 0 + 1)
      baselineAccuracyCie: 2 / 3,
      baselineAccuracyNonCie: 1,
    });
    expect(r.byGroup.b.cie).toBe(2);
    expect(r.byGroup.b.fraction).toBeCloseTo(2 / 3, 12);
    expect(r.byGroup.b.accuracyCie).toBeCloseTo(1 / 6, 12); // ex 3: 0,0,1 right once; ex 4: none
    expect(r.overall.cie).toBe(3);
    // The same populations with every true label changed: the same CIEs.
    const other = compressionIdentifiedExemplars({ baseline, compressed, yTrue: [2, 2, 2, 2, 2, 2], groups });
    expect(other.isCie).toEqual(r.isCie);
  });

  it('identical populations have no CIE; mismatched lengths are refused', () => {
    const same = compressionIdentifiedExemplars({
      baseline: [[1, 2]],
      compressed: [
        [1, 2],
        [1, 2],
      ],
      yTrue: [1, 1],
      groups: ['x', ''],
    });
    expect(same.overall.cie).toBe(0);
    expect(Object.keys(same.byGroup)).toEqual(['x']);
    expect(() =>
      compressionIdentifiedExemplars({ baseline: [[1]], compressed: [[1, 2]], yTrue: [1], groups: ['x'] }),
    ).toThrow();
  });
});
