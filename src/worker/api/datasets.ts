import type { DatasetManifest } from '../../lab/data/types';
import type { SyntheticConfig } from '../../lab/data/synthetic/config';
import type { Method } from '../protocol';

/** A few images of one group, for the sample grid. */
export interface SampleImages {
  size: number;
  channels: 1 | 3;
  images: { pixels: Uint8Array; labels: Record<string, string> }[];
}

export interface DatasetsApi {
  listDatasets: Method<void, DatasetManifest[]>;
  generateSynthetic: Method<{ config: SyntheticConfig; name?: string }, DatasetManifest>;
  deleteDataset: Method<{ id: string }, void>;
  /** A new display name (trimmed, 1–120 characters, not another dataset's); returns the manifest. */
  renameDataset: Method<{ id: string; name: string }, DatasetManifest>;
  sampleImages: Method<{ id: string; attribute: string; value: string; count: number }, SampleImages>;
  exportBundle: Method<{ id: string }, Uint8Array>;
  importBundle: Method<{ bytes: Uint8Array }, DatasetManifest>;
}
