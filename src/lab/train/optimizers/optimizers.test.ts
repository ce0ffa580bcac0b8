import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../../test-support/backend';
import { createOptimizer } from './create';

/** A 2-D weight (decayed) and a 1-D bias (never decayed), with fixed gradients. */
function setup() {
  const w = tf.variable(tf.tensor2d([[1, -2]]));
  const b = tf.variable(tf.tensor1d([0.5]));
  const grads = () => ({ w: tf.tensor2d([[0.1, 0.3]]), b: tf.tensor1d([-0.2]) });
  return { w, b, grads };
}

describe('the lab optimisers (PyTorch semantics)', () => {
  beforeAll(useCpuBackend);

  it('SGD with momentum 0.9 and weight decay 0.01, two steps, equals the hand computation', () => {
    const { w, b, grads } = setup();
    const opt = createOptimizer(
      { name: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 },
      { w, b },
    );
    opt.apply(grads(), 0.1);
    // d = g + 0.01 w = [0.11, 0.28]; buf = d; w = w − 0.1 buf.
    const w1 = [1 - 0.1 * 0.11, -2 - 0.1 * 0.28];
    expect(Array.from(w.dataSync())[0]).toBeCloseTo(w1[0], 6);
    expect(Array.from(w.dataSync())[1]).toBeCloseTo(w1[1], 6);
    expect(b.dataSync()[0]).toBeCloseTo(0.5 + 0.1 * 0.2, 6);
    opt.apply(grads(), 0.05);
    const d2 = [0.1 + 0.01 * w1[0], 0.3 + 0.01 * w1[1]];
    const buf2 = [0.9 * 0.11 + d2[0], 0.9 * 0.28 + d2[1]];
    expect(w.dataSync()[0]).toBeCloseTo(w1[0] - 0.05 * buf2[0], 6);
    expect(w.dataSync()[1]).toBeCloseTo(w1[1] - 0.05 * buf2[1], 6);
    opt.dispose();
  });

  it('AdamW: decoupled decay w(1 − lr·λ) then the bias-corrected Adam step', () => {
    const { w, b, grads } = setup();
    const opt = createOptimizer({ name: 'adamw', learningRate: 0.01, weightDecay: 0.1 }, { w, b });
    opt.apply(grads(), 0.01);
    // t = 1: m̂ = g, v̂ = g², so the step is lr · g / (|g| + ε) = lr · sign(g).
    const expected = [
      1 * (1 - 0.01 * 0.1) - 0.01 * (0.1 / (0.1 + 1e-8)),
      -2 * (1 - 0.01 * 0.1) - 0.01 * (0.3 / (0.3 + 1e-8)),
    ];
    expect(w.dataSync()[0]).toBeCloseTo(expected[0], 6);
    expect(w.dataSync()[1]).toBeCloseTo(expected[1], 6);
    expect(b.dataSync()[0]).toBeCloseTo(0.5 + 0.01, 6); // no decay on the bias
    opt.apply(grads(), 0.01);
    // t = 2 with the same g: m = (0.1·0.9 + 0.1)·g… m̂ = g, v̂ = g² again: the step is again lr · sign(g).
    const second = expected[0] * (1 - 0.01 * 0.1) - 0.01 * (0.1 / (0.1 + 1e-8));
    expect(w.dataSync()[0]).toBeCloseTo(second, 6);
    opt.dispose();
  });

  it('Adam with a changing gradient follows m̂ / (√v̂ + ε)', () => {
    const w = tf.variable(tf.tensor2d([[0]]));
    const opt = createOptimizer({ name: 'adam', learningRate: 0.1 }, { w });
    opt.apply({ w: tf.tensor2d([[1]]) }, 0.1);
    opt.apply({ w: tf.tensor2d([[3]]) }, 0.1);
    const m = 0.9 * 0.1 * 1 + 0.1 * 3;
    const v = 0.999 * 0.001 * 1 + 0.001 * 9;
    const step2 = m / (1 - 0.81) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    expect(w.dataSync()[0]).toBeCloseTo(-0.1 - 0.1 * step2, 6);
    opt.dispose();
  });

  it('state round-trips: a restored optimiser continues the same updates', () => {
    const run = (restoreAt: number | null) => {
      const { w, b, grads } = setup();
      let opt = createOptimizer({ name: 'adam', learningRate: 0.01 }, { w, b });
      for (let i = 0; i < 4; i++) {
        if (i === restoreAt) {
          const state = opt.state();
          opt.dispose();
          opt = createOptimizer({ name: 'adam', learningRate: 0.01 }, { w, b });
          opt.load(state);
        }
        opt.apply(grads(), 0.01);
      }
      opt.dispose();
      return Array.from(w.dataSync());
    };
    expect(run(2)).toEqual(run(null));
  });
});
