/** Storage quota: a clear error when the browser runs out of room, and how much room there is. */

/** True for the errors browsers raise when a write exceeds the storage quota. */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** The error the stores throw after cleaning up a write that ran out of room. */
export function quotaExceededError(datasetId: string, bytes: number, cause?: unknown): Error {
  const mb = (bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1);
  const error = new Error(
    `Out of storage space while writing ${bytes} bytes (${mb} MB) for dataset "${datasetId}"; ` +
      'the partial dataset was removed. Delete some datasets (or free up disk or browser storage) and try again.',
    { cause },
  );
  error.name = 'QuotaExceededError';
  return error;
}

export interface StorageEstimate {
  usage?: number;
  quota?: number;
}

/** navigator.storage.estimate() where available (browser tab or worker); null elsewhere. */
export async function storageEstimate(): Promise<StorageEstimate | null> {
  const nav = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<StorageEstimate> } } })
    .navigator;
  if (typeof nav?.storage?.estimate !== 'function') return null;
  const { usage, quota } = await nav.storage.estimate();
  return { usage, quota };
}
