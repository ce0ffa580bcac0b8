/**
 * Optimiser settings as plain JSON (no tfjs). Semantics follow PyTorch's `torch.optim`, which FR-NAS
 * trained with (through timm's `create_optimizer_v2`):
 * - sgd: momentum (default 0.9) and L2 weight decay added to the gradient (default 5e-4);
 * - adam: β = (0.9, 0.999), ε = 1e-8, no weight decay by default;
 * - adamw: Adam with decoupled weight decay w ← w − lr·λ·w (default λ = 0.01);
 * - momentum: the lab's earlier name for sgd with momentum 0.9 and no weight decay.
 * As timm does (filter_bias_and_bn), weight decay skips 1-D weights: biases and batch-norm scales.
 */
export type OptimizerName = 'sgd' | 'adam' | 'adamw' | 'momentum';

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'adam', 'adamw'];

export interface OptimizerSpec {
  name: OptimizerName;
  learningRate: number;
  momentum?: number;
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** FR-NAS's learning-rate ranges (log scale): Adam / AdamW 1e-5…1e-2, SGD 0.09…0.8. */
export const FRNAS_LR_RANGES: Record<'adam' | 'adamw' | 'sgd', [number, number]> = {
  adam: [1e-5, 1e-2],
  adamw: [1e-5, 1e-2],
  sgd: [0.09, 0.8],
};

export function resolveOptimizer(spec: OptimizerSpec): Required<OptimizerSpec> {
  const defaults = {
    sgd: { momentum: 0.9, weightDecay: 5e-4 },
    momentum: { momentum: 0.9, weightDecay: 0 },
    adam: { momentum: 0, weightDecay: 0 },
    adamw: { momentum: 0, weightDecay: 0.01 },
  }[spec.name];
  if (!defaults) throw new Error(`Unknown optimizer "${spec.name}" (known: sgd, adam, adamw)`);
  return { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, ...defaults, ...spec };
}
