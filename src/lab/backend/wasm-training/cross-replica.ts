/**
 * Sums across the replicas of a data-parallel step (`train/data-parallel/`), for the kernels whose
 * result depends on the whole batch: batch norm's statistics (as PyTorch's SyncBatchNorm). Outside
 * such a step there is one replica and the sum is the values themselves.
 */
export type CrossReplicaSum = (values: Float64Array) => Float64Array;

let current: CrossReplicaSum | null = null;

/** Installs (or, with null, removes) the sum of the data-parallel step now running. */
export function setCrossReplicaSum(sum: CrossReplicaSum | null): void {
  current = sum;
}

/** Element-wise sum of `values` over every replica, the same bits on each (itself with one replica). */
export function crossReplicaSum(values: Float64Array): Float64Array {
  return current ? current(values) : values;
}
