import { describe, expect, it } from 'vitest';
import { evaluateByGroup } from './group-evaluation';
import type { SplitPredictions } from './predict';

function predictions(yTrue: number[], yPred: number[], skin: number[]): SplitPredictions {
  return {
    split: 'test',
    target: 'expression',
    classNames: ['neutral', 'happy', 'sad', 'surprised'],
    yTrue: Int32Array.from(yTrue),
    yPred: Int32Array.from(yPred),
    probabilities: new Float32Array(yTrue.length * 4),
    indices: Int32Array.from(yTrue, (_, i) => i),
    groups: { skin: Int32Array.from(skin) },
    groupValues: { skin: ['light', 'dark'] },
  };
}

describe('evaluateByGroup', () => {
  it('matches hand-computed per-group accuracies and the max − min gap', () => {
    // light: 4 images, 3 right (0.75); dark: 3 images, 1 right (1/3); one image with no group is left out.
    const result = evaluateByGroup(
      predictions([0, 1, 2, 3, 0, 1, 2, 3], [0, 1, 2, 0, 0, 2, 3, 3], [0, 0, 0, 0, 1, 1, 1, -1]),
      'skin',
      { bootstrap: 0 },
    );
    expect(result.n).toBe(7);
    expect(result.byGroup.light).toEqual({ accuracy: 0.75, count: 4 });
    expect(result.byGroup.dark.count).toBe(3);
    expect(result.byGroup.dark.accuracy).toBeCloseTo(1 / 3, 12);
    expect(result.accuracy).toBeCloseTo(4 / 7, 12);
    expect(result.accuracyDifference).toBeCloseTo(0.75 - 1 / 3, 12);
    expect(result.report.disparities.accuracy_ratio).toBeCloseTo(1 / 3 / 0.75, 12);
  });

  it('adds bootstrap intervals around each group accuracy', () => {
    const n = 200;
    const yTrue = Array.from({ length: n }, (_, i) => i % 4);
    const yPred = yTrue.map((y, i) => (i % 5 === 0 ? (y + 1) % 4 : y));
    const skin = yTrue.map((_, i) => i % 2);
    const result = evaluateByGroup(predictions(yTrue, yPred, skin), 'skin', { bootstrap: 200, seed: 3 });
    const ci = result.report.ci!.by_group.light.accuracy!;
    expect(ci[0]).toBeLessThanOrEqual(result.byGroup.light.accuracy!);
    expect(ci[1]).toBeGreaterThanOrEqual(result.byGroup.light.accuracy!);
  });

  it('names a missing sensitive attribute', () => {
    expect(() => evaluateByGroup(predictions([0, 1], [0, 1], [0, 1]), 'age')).toThrow(/age/);
  });
});
