import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../config';

/** Turns one block spec into layers applied to a symbolic tensor. New block types register here. */
export type BlockBuilder<S = LayerSpec> = (
  x: tf.SymbolicTensor,
  spec: S,
  ctx: BuildContext,
) => tf.SymbolicTensor;

export interface BuildContext {
  /** Next initialiser seed (deterministic per model). */
  nextSeed(): number | undefined;
  /** Unique layer name with the given prefix. */
  name(prefix: string): string;
}

const builders = new Map<string, BlockBuilder<never>>();

export function registerBlock<S extends { type: string }>(type: S['type'], builder: BlockBuilder<S>): void {
  builders.set(type, builder as BlockBuilder<never>);
}

export function blockBuilder(type: string): BlockBuilder<{ type: string }> {
  const builder = builders.get(type);
  if (!builder) throw new Error(`Unknown layer type "${type}" (known: ${[...builders.keys()].join(', ')})`);
  return builder as BlockBuilder<{ type: string }>;
}
