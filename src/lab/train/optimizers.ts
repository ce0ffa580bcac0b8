import * as tf from '@tensorflow/tfjs';

import type { OptimizerSpec } from './optimizer-spec';

export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  if (!(spec.learningRate > 0)) throw new Error(`Learning rate must be > 0 (got ${spec.learningRate})`);
  switch (spec.name) {
    case 'adam':
      return tf.train.adam(spec.learningRate);
    case 'sgd':
      return tf.train.sgd(spec.learningRate);
    case 'momentum':
      return tf.train.momentum(spec.learningRate, 0.9);
  }
}
