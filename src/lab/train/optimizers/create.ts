import type * as tf from '@tensorflow/tfjs';
import { resolveOptimizer, type OptimizerSpec } from '../optimizer-spec';
import { adam } from './adam';
import type { LabOptimizer } from './lab-optimizer';
import { sgd } from './sgd';

export type { LabOptimizer, OptimizerState } from './lab-optimizer';

/** The optimiser of a spec over named variables (see optimizer-spec.ts for the semantics). */
export function createOptimizer(spec: OptimizerSpec, variables: Record<string, tf.Variable>): LabOptimizer {
  if (!(spec.learningRate > 0)) throw new Error(`Learning rate must be > 0 (got ${spec.learningRate})`);
  const o = resolveOptimizer(spec);
  switch (o.name) {
    case 'sgd':
    case 'momentum':
      return sgd(variables, o);
    case 'adam':
    case 'adamw':
      return adam(variables, { ...o, decoupled: o.name === 'adamw' });
  }
}
