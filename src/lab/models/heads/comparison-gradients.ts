import * as tf from '@tensorflow/tfjs';

/**
 * Comparisons have a zero gradient, but tfjs 4.22 registers one only for GreaterEqual, so any
 * `where` whose condition depends on a trained value (MagFace's margin grows with the embedding's
 * norm; ArcFace's guard tests cos θ) fails in backprop. Registers the rest, once.
 */
const COMPARISONS = ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual'];

export function registerComparisonGradients(): void {
  for (const kernelName of COMPARISONS) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved as tf.Tensor[];
        return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
      },
    });
  }
}

registerComparisonGradients();
