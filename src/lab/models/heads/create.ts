import { arcFaceHead } from './arcface';
import './comparison-gradients';
import { cosFaceHead } from './cosface';
import { magFaceHead } from './magface';
import { softmaxHead } from './softmax-head';
import type { HeadSpec } from './spec';
import type { TrainingHead } from './training-head';

/** The head for a spec; margin heads take the embedding size and the number of classes. */
export function createHead(spec: HeadSpec, embedding: number, classes: number, seed?: number): TrainingHead {
  switch (spec.kind) {
    case 'softmax':
      return softmaxHead(spec);
    case 'cosface':
      return cosFaceHead(spec, embedding, classes, seed);
    case 'arcface':
      return arcFaceHead(spec, embedding, classes, seed);
    case 'magface':
      return magFaceHead(spec, embedding, classes, seed);
    default:
      throw new Error(
        `Unknown head "${(spec as { kind: string }).kind}" (known: softmax, cosface, arcface, magface)`,
      );
  }
}
