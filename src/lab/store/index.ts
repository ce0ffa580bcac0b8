/**
 * The browser-safe store API (Worker, app, tests). FsDatasetStore (fs-store.ts) is Node-only
 * and deliberately not exported here; the CLI imports it directly.
 */
export type { DatasetStore, DatasetWriter } from './types';
export { IdbDatasetStore, DEFAULT_DB_NAME } from './idb-store';
export { MemoryDatasetStore } from './memory-store';
export { storageEstimate, isQuotaError, type StorageEstimate } from './quota';
export { exportBundle, exportBundleChunks, importBundle, BUNDLE_EXTENSION, BUNDLE_VERSION } from './bundle';
export type { ImportOptions } from './bundle';
export { streamBatches, type Batch, type BatchSpec, type StreamOptions } from './stream';
export { readSplitLabels, countSplit, batchesPerEpoch, inSplit, type SplitLabels } from './split-labels';
export { encodeShard, decodeShard } from './shard-codec';
