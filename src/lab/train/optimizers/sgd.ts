import * as tf from '@tensorflow/tfjs';
import { activeBackendHas, LAB_SGD_STEP } from '../../backend/lab-kernels';
import { decays, type LabOptimizer } from './lab-optimizer';
import { Slots } from './slots';

/**
 * PyTorch's SGD: d = g + λ·w (λ on ≥ 2-D weights), buf ← μ·buf + d (buf = d at the first step,
 * which a zero buffer gives), w ← w − lr·buf. Without momentum, w ← w − lr·d. One kernel per
 * variable where the backend has {@link LAB_SGD_STEP} (wasm), the same arithmetic as the ops.
 */
export function sgd(
  variables: Record<string, tf.Variable>,
  options: { momentum: number; weightDecay: number },
): LabOptimizer {
  const slots = new Slots();
  let step = 0;
  return {
    apply(grads, lr) {
      step++;
      const fused = activeBackendHas(LAB_SGD_STEP);
      tf.tidy(() => {
        for (const [name, g] of Object.entries(grads)) {
          const w = variables[name];
          if (fused) {
            const weightDecay = decays(w) ? options.weightDecay : 0;
            const buf = options.momentum > 0 ? slots.get(`${name}/momentum`, w) : null;
            const inputs: tf.NamedTensorMap = buf ? { w, g, buf } : { w, g };
            const attrs = { lr, momentum: options.momentum, weightDecay };
            const [next, nextBuf] = tf.engine().runKernel(LAB_SGD_STEP, inputs, attrs) as tf.Tensor[];
            w.assign(next);
            buf?.assign(nextBuf);
            continue;
          }
          const d = options.weightDecay > 0 && decays(w) ? tf.add(g, tf.mul(w, options.weightDecay)) : g;
          if (options.momentum > 0) {
            const buf = slots.get(`${name}/momentum`, w);
            buf.assign(tf.add(tf.mul(buf, options.momentum), d));
            w.assign(tf.sub(w, tf.mul(buf, lr)));
          } else {
            w.assign(tf.sub(w, tf.mul(d, lr)));
          }
        }
      });
    },
    state: () => ({ name: 'sgd', step, slots: slots.read() }),
    load(state) {
      step = state.step;
      slots.load(state.slots);
    },
    dispose: () => slots.dispose(),
  };
}
