import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../../test-support/backend';
import { createHead } from './create';

/** Two embeddings, two classes, and class weights chosen so the angles are known. */
const x = () =>
  tf.tensor2d([
    [3, 4],
    [1, 0],
  ]);
const labels = () => tf.tensor1d([0, 1], 'int32');
// Class 0 along (1, 0), class 1 along (0, 2): cos(x0, w0) = 0.6, cos(x0, w1) = 0.8, cos(x1, ·) = 1, 0.
const W = [
  [1, 0],
  [0, 2],
];

function headWith(kind: 'cosface' | 'arcface' | 'magface', extra: Record<string, unknown> = {}) {
  const head = createHead({ kind, ...extra } as never, 2, 2, 1);
  head.variables['head/class_weights'].assign(tf.tensor2d(W));
  return head;
}

describe('margin heads', () => {
  beforeAll(useCpuBackend);

  it('CosFace: s · (cos θ − m at the label)', () => {
    const head = headWith('cosface', { s: 10, m: 0.35 });
    const logits = head.logits(x(), labels()).arraySync();
    expect(logits[0][0]).toBeCloseTo(10 * (0.6 - 0.35), 5);
    expect(logits[0][1]).toBeCloseTo(10 * 0.8, 5);
    expect(logits[1][0]).toBeCloseTo(10 * 1, 5);
    expect(logits[1][1]).toBeCloseTo(10 * (0 - 0.35), 5);
    head.dispose();
  });

  it('CosFace with group margins uses each sample’s group margin (−1: the default m)', () => {
    const head = headWith('cosface', { s: 1, m: 0.35, groupMargins: [0.1, 0.5] });
    const l = head.logits(x(), labels(), tf.tensor1d([1, 0], 'int32')).arraySync();
    expect(l[0][0]).toBeCloseTo(0.6 - 0.5, 5);
    expect(l[1][1]).toBeCloseTo(0 - 0.1, 5);
    const none = head.logits(x(), labels(), tf.tensor1d([-1, -1], 'int32')).arraySync();
    expect(none[0][0]).toBeCloseTo(0.6 - 0.35, 5);
    head.dispose();
  });

  it('ArcFace: s · cos(θ + m) at the label, and the θ + m > π guard', () => {
    const head = headWith('arcface', { s: 2, m: 0.5 });
    const l = head.logits(x(), labels()).arraySync();
    expect(l[0][0]).toBeCloseTo(2 * Math.cos(Math.acos(0.6) + 0.5), 4);
    expect(l[0][1]).toBeCloseTo(2 * 0.8, 5);
    // Sample 1's label is class 1 at θ = π/2: cos(π/2 + 0.5) since cos θ = 0 > cos(π − 0.5).
    expect(l[1][1]).toBeCloseTo(2 * Math.cos(Math.PI / 2 + 0.5), 4);
    // A label at θ = π (cos −1 ≤ cos(π − m)): cos θ − m·sin m, not cos(θ + m).
    const guard = headWith('arcface', { s: 1, m: 0.5 });
    const opposite = guard.logits(tf.tensor2d([[-1, 0]]), tf.tensor1d([0], 'int32')).arraySync();
    expect(opposite[0][0]).toBeCloseTo(-1 - Math.sin(Math.PI - 0.5) * 0.5, 4);
    head.dispose();
    guard.dispose();
  });

  it('MagFace: the margin grows with the feature norm, and the loss adds λ_g · (a/u_a² + 1/a)', () => {
    const spec = { s: 1, la: 1, ua: 11, lm: 0.4, um: 0.9, lambdaG: 3 };
    const head = headWith('magface', spec);
    // ‖x0‖ = 5 → m = 0.4 + 0.5 · (5 − 1)/10 = 0.6; ‖x1‖ = 1 → m = 0.4.
    const l = head.logits(x(), labels()).arraySync();
    expect(l[0][0]).toBeCloseTo(Math.cos(Math.acos(0.6) + 0.6), 4);
    expect(l[1][1]).toBeCloseTo(Math.cos(Math.PI / 2 + 0.4), 4);
    const loss = head.perSampleLoss(x(), labels()).arraySync();
    const ce = (logits: number[], y: number) =>
      Math.log(logits.reduce((s, v) => s + Math.exp(v), 0)) - logits[y];
    expect(loss[0]).toBeCloseTo(ce(l[0], 0) + 3 * (5 / 121 + 1 / 5), 4);
    expect(loss[1]).toBeCloseTo(ce(l[1], 1) + 3 * (1 / 121 + 1), 4);
    head.dispose();
  });

  it('focal loss (γ = 2) is (1 − p)² · CE', () => {
    const plain = headWith('cosface', { s: 4, m: 0.2 });
    const focal = headWith('cosface', { s: 4, m: 0.2, focal: 2 });
    const ce = plain.perSampleLoss(x(), labels()).arraySync();
    const fl = focal.perSampleLoss(x(), labels()).arraySync();
    ce.forEach((c, i) => expect(fl[i]).toBeCloseTo((1 - Math.exp(-c)) ** 2 * c, 5));
    plain.dispose();
    focal.dispose();
  });
});
