/**
 * Which weights pruning, clustering and int8 quantisation touch, after TFMOT's registries
 * (tensorflow_model_optimization .../sparsity/keras/prune_registry.py and the clustering
 * registry): the kernels of convolutions, dense and depthwise layers — never biases, never
 * batch-norm parameters.
 */
import type { CompressibleModel, WeightEntry } from './compressible-model';

const PRUNABLE_ROLES: Record<string, readonly string[]> = {
  Conv1D: ['kernel'],
  Conv2D: ['kernel'],
  Conv3D: ['kernel'],
  Conv2DTranspose: ['kernel'],
  Conv3DTranspose: ['kernel'],
  Dense: ['kernel'],
  DepthwiseConv2D: ['depthwise_kernel'],
  // TFMOT prunes only the pointwise part of separable convolutions.
  SeparableConv1D: ['pointwise_kernel'],
  SeparableConv2D: ['pointwise_kernel'],
  Embedding: ['embeddings'],
  // The lab's dilated depthwise convolution (models/blocks/dpn-cell.ts) is a depthwise kernel.
  DilatedDepthwiseConv: ['depthwise_kernel'],
};

export function isPrunable(w: Pick<WeightEntry, 'layerClass' | 'role' | 'dtype'>): boolean {
  return w.dtype === 'float32' && (PRUNABLE_ROLES[w.layerClass]?.includes(w.role) ?? false);
}

/** The prunable weights; throws a one-line error when the model has none. */
export function prunableWeights(model: CompressibleModel): WeightEntry[] {
  const found = model.weights.filter(isPrunable);
  if (found.length === 0) {
    const classes = [...new Set(model.weights.map((w) => w.layerClass).filter(Boolean))];
    throw new Error(
      `Model "${model.name}" has no prunable layers (TFMOT prunes the kernels of Conv, Dense and DepthwiseConv layers; this model has ${classes.length > 0 ? classes.join(', ') : 'no weights'})`,
    );
  }
  return found;
}

/** Number of output channels of a kernel: its last axis, or the last two for depthwise kernels. */
export function outputChannels(w: Pick<WeightEntry, 'shape' | 'role'>): number {
  const n = w.shape.length;
  if (n === 0) return 1;
  if (w.role === 'depthwise_kernel' && n >= 2) return w.shape[n - 1] * w.shape[n - 2];
  return w.shape[n - 1];
}
