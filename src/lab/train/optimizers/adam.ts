import * as tf from '@tensorflow/tfjs';
import { activeBackendHas, LAB_ADAM_STEP } from '../../backend/lab-kernels';
import { decays, type LabOptimizer } from './lab-optimizer';
import { Slots } from './slots';

/**
 * PyTorch's Adam / AdamW. At step t: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
 * w ← w − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε).
 * Adam's weight decay is L2 (g ← g + λw); AdamW's is decoupled: w ← w − lr·λ·w before the step.
 * One kernel per variable where the backend has {@link LAB_ADAM_STEP} (wasm), the same arithmetic.
 */
export function adam(
  variables: Record<string, tf.Variable>,
  options: { beta1: number; beta2: number; epsilon: number; weightDecay: number; decoupled: boolean },
): LabOptimizer {
  const { beta1, beta2, epsilon, weightDecay, decoupled } = options;
  const slots = new Slots();
  let step = 0;
  return {
    apply(grads, lr) {
      step++;
      const c1 = 1 - beta1 ** step;
      const c2 = 1 - beta2 ** step;
      const fused = activeBackendHas(LAB_ADAM_STEP);
      tf.tidy(() => {
        for (const [name, grad] of Object.entries(grads)) {
          const w = variables[name];
          const decay = weightDecay > 0 && decays(w);
          if (fused) {
            const [m, v] = [slots.get(`${name}/m`, w), slots.get(`${name}/v`, w)];
            const attrs = {
              lr,
              beta1,
              beta2,
              epsilon,
              correction1: c1,
              correction2: c2,
              weightDecay: decay ? weightDecay : 0,
              decay: decay ? (decoupled ? 'decoupled' : 'l2') : 'none',
            };
            const [next, m1, v1] = tf
              .engine()
              .runKernel(LAB_ADAM_STEP, { w, g: grad, m, v }, attrs) as tf.Tensor[];
            w.assign(next);
            m.assign(m1);
            v.assign(v1);
            continue;
          }
          const g = decay && !decoupled ? tf.add(grad, tf.mul(w, weightDecay)) : grad;
          const m = slots.get(`${name}/m`, w);
          const v = slots.get(`${name}/v`, w);
          m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
          v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
          const base = decay && decoupled ? tf.mul(w, 1 - lr * weightDecay) : w;
          const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
          w.assign(tf.sub(base, tf.mul(update, lr)));
        }
      });
    },
    state: () => ({ name: decoupled ? 'adamw' : 'adam', step, slots: slots.read() }),
    load(state) {
      step = state.step;
      slots.load(state.slots);
    },
    dispose: () => slots.dispose(),
  };
}
