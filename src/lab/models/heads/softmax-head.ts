import { classificationLoss } from './losses';
import type { HeadSpec } from './spec';
import type { TrainingHead } from './training-head';

/** Softmax: the model ends in its dense `logits` layer already; the loss is cross-entropy (or focal). */
export function softmaxHead(spec: Extract<HeadSpec, { kind: 'softmax' }>): TrainingHead {
  return {
    spec,
    variables: {},
    logits: (output) => output,
    perSampleLoss: (output, labels) => classificationLoss(output, labels, spec.focal),
    dispose: () => {},
  };
}
