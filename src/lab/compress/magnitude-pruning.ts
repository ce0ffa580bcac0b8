/**
 * Unstructured magnitude pruning: masks that zero the smallest |w|.
 *
 * Per layer follows TFMOT's `prune_low_magnitude` mask update (pruning_impl.py `_update_mask`):
 * keep k = max(round(n·(1 − s)), 1) weights of each tensor. TFMOT keeps every weight tied with
 * the k-th largest |w|; here ties are broken by position, so exactly n − k weights are pruned.
 * Global pruning ranks all prunable weights together (one threshold across layers, as PyTorch's
 * `torch.nn.utils.prune.global_unstructured` with L1), also keeping at least one weight overall.
 */

export function validateSparsity(sparsity: number): void {
  if (!Number.isFinite(sparsity) || sparsity < 0 || sparsity >= 1)
    throw new Error(`sparsity must be in [0, 1) (got ${sparsity})`);
}

/** Number of weights of a tensor of n kept at this sparsity (TFMOT's k). */
export function keptCount(n: number, sparsity: number): number {
  return Math.max(Math.round(n * (1 - sparsity)), 1);
}

/** Positions sorted by |value| ascending, ties by position (stable). */
function byMagnitude(values: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const abs = Float64Array.from(values, Math.abs);
  order.sort((a, b) => abs[a] - abs[b] || a - b);
  return order;
}

/** Mask (1 = keep) of one tensor at this sparsity. */
export function magnitudeMask(values: ArrayLike<number>, sparsity: number): Uint8Array {
  validateSparsity(sparsity);
  const n = values.length;
  const mask = new Uint8Array(n).fill(1);
  if (n === 0) return mask;
  const prune = n - keptCount(n, sparsity);
  const order = byMagnitude(values);
  for (let i = 0; i < prune; i++) mask[order[i]] = 0;
  return mask;
}

/** Masks of several tensors with one threshold across all of them. */
export function globalMagnitudeMasks(tensors: readonly ArrayLike<number>[], sparsity: number): Uint8Array[] {
  validateSparsity(sparsity);
  const total = tensors.reduce((sum, t) => sum + t.length, 0);
  const masks = tensors.map((t) => new Uint8Array(t.length).fill(1));
  if (total === 0) return masks;
  const abs = new Float64Array(total);
  const owner = new Uint32Array(total);
  let offset = 0;
  tensors.forEach((t, j) => {
    for (let i = 0; i < t.length; i++) {
      abs[offset + i] = Math.abs(t[i]);
      owner[offset + i] = j;
    }
    offset += t.length;
  });
  const starts: number[] = [];
  tensors.reduce((start, t) => (starts.push(start), start + t.length), 0);
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => abs[a] - abs[b] || a - b);
  const prune = total - keptCount(total, sparsity);
  for (let i = 0; i < prune; i++) {
    const flat = order[i];
    const j = owner[flat];
    masks[j][flat - starts[j]] = 0;
  }
  return masks;
}

/** values × mask, as a new array. */
export function applyMask(values: Float32Array, mask: Uint8Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = mask[i] ? values[i] : 0;
  return out;
}

export function zeroFraction(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  return zeros / values.length;
}
