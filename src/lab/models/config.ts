/**
 * Architectures as plain JSON. A model is a backbone (a list of blocks over an image input, ending
 * in an embedding) plus a head (`heads/`). Every block type is defined once, here, and built by the
 * block registry (`blocks/`).
 */
import type { HeadSpec } from './heads/spec';

/** Activations of the generic conv family (and FR-NAS's ELU after the last block). */
export type ActivationName = 'relu' | 'elu' | 'gelu' | 'silu' | 'prelu';

export type Conv2dSpec = {
  type: 'conv2d';
  filters: number;
  kernel: number;
  stride?: number;
  padding?: 'same' | 'valid';
  useBias?: boolean;
  /** Grouped convolution (PyTorch's `groups`): must divide the input and output channels. */
  groups?: number;
};

/** One op of FR-NAS's search space, by its index in FR-NAS's `OP_LIST` (see families/frnas-ops.ts). */
export type FrnasOpIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** FR-NAS's dual-path block (`DualPathBlock` in dooleys/FR-NAS `src/search/dpn107.py`), with a projection. */
export type DualPathBlockSpec = {
  type: 'dualPathBlock';
  /** The ops of edges 1, 2 and 3 ("1x1_a", "3x3_b", "1x1_c"). */
  ops: [FrnasOpIndex, FrnasOpIndex, FrnasOpIndex];
  /** Channels of edges 1 and 2 (FR-NAS's r = num_1x1_a = num_3x3_b). */
  r: number;
  /** The residual path's width (num_1x1_c). */
  bw: number;
  /** The dense path's increment. */
  inc: number;
  /** Groups of edge 2 (FR-NAS: 50). */
  groups: number;
  /** 1 for FR-NAS's 'proj' block, 2 for 'down'. */
  stride: 1 | 2;
  /** Batch-norm epsilon (FR-NAS: 0.001). */
  epsilon?: number;
};

/** A DARTS-style cell with 3 edges over 9 ops. Not FR-NAS's cell (that is `dualPathBlock`). */
export type DartsCellSpec = {
  type: 'dartsCell';
  channels: number;
  ops: [DartsOp, DartsOp, DartsOp];
  stride?: number;
};

export const DARTS_OPS = [
  'skip',
  'conv1x1',
  'conv3x3',
  'sepconv3x3',
  'sepconv5x5',
  'dilconv3x3',
  'dilconv5x5',
  'maxpool3x3',
  'avgpool3x3',
] as const;
export type DartsOp = (typeof DARTS_OPS)[number];

/** One block of the generic conv family: conv → norm → activation, with an optional residual. */
export type ConvBlockSpec = {
  type: 'convBlock';
  filters: number;
  kernel: number;
  stride?: number;
  norm: 'batch' | 'layer' | 'none';
  activation: ActivationName;
  /** Adds the input (through a 1×1 projection when the shape changes). */
  residual: boolean;
};

export type LayerSpec =
  | Conv2dSpec
  | { type: 'batchNorm'; epsilon?: number }
  | { type: 'layerNorm' }
  | { type: 'relu' }
  | { type: 'activation'; fn: ActivationName }
  | { type: 'maxPool'; size: number; stride?: number; padding?: 'same' | 'valid' }
  | { type: 'avgPool'; size: number; stride?: number }
  | { type: 'globalAvgPool' }
  | { type: 'flatten' }
  | { type: 'dense'; units: number; activation?: 'relu' | 'linear' }
  | { type: 'dropout'; rate: number }
  | DartsCellSpec
  | DualPathBlockSpec
  | ConvBlockSpec;

export interface ModelConfig {
  name: string;
  input: { size: number; channels: 1 | 3 };
  /** The backbone's blocks; the builder flattens what is left and adds the embedding. */
  layers: LayerSpec[];
  /** Classes of the head (the target's values). */
  numClasses: number;
  /**
   * Size of the embedding the backbone ends in: a dense layer named `embedding` after the blocks
   * (FR-NAS's 1×1 conv "classifier" after global pooling). Absent: the blocks' own output is it.
   */
  embedding?: number;
  /** Default: softmax (a dense layer to `numClasses` logits named `logits`, then cross-entropy). */
  head?: HeadSpec;
  /** The family and settings this config was made from (for display and search); `layers` is what is built. */
  family?: { name: string; params: Record<string, string | number | boolean> };
  /** Seeds the weight initialisers, so the same config and seed give the same model. */
  seed?: number;
}
