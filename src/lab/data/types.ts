/**
 * The dataset schema shared by the generator, importers, store, training and audit.
 * Images are uint8, row-major HWC. Categorical attributes are stored per image as an
 * index into their value list (-1 = missing); numeric attributes as float32 (NaN = missing).
 */

export type SplitName = 'train' | 'val' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];
/** Split codes stored per image. */
export const SPLIT_CODE: Record<SplitName, number> = { train: 0, val: 1, test: 2 };

export interface CategoricalAttribute {
  name: string;
  /** Value names; an image stores the index. */
  values: string[];
  /** True for attributes that define demographic groups (e.g. skin tone, gender, race). */
  sensitive: boolean;
}

export interface NumericAttribute {
  name: string;
}

export interface ImageShape {
  size: number;
  channels: 1 | 3;
}

export interface SplitInfo {
  kind: 'stratified' | 'identity-disjoint' | 'predefined';
  seed: number;
  fractions: Record<SplitName, number>;
  /** Attributes the split is stratified or grouped by. */
  by: string[];
  counts: Record<SplitName, number>;
}

export type DatasetSource =
  | { kind: 'synthetic'; config: unknown }
  | { kind: 'import'; format: string; origin: string; options?: unknown }
  | { kind: 'bundle'; origin: string };

export interface DatasetManifest {
  id: string;
  name: string;
  createdAt: string;
  source: DatasetSource;
  image: ImageShape;
  nImages: number;
  shardSize: number;
  nShards: number;
  categorical: CategoricalAttribute[];
  numeric: NumericAttribute[];
  /** Attributes a model can be trained to predict (e.g. 'expression', 'identity'). */
  targets: string[];
  /** attribute → value → count. */
  counts: Record<string, Record<string, number>>;
  split: SplitInfo;
  /** Bytes of pixel data across all shards. */
  bytes: number;
  warnings: string[];
  /** True when per-image source file names are stored. */
  hasFiles: boolean;
}

/** About 1,024 images with their labels, stored as one record. */
export interface Shard {
  index: number;
  n: number;
  pixels: Uint8Array;
  categorical: Record<string, Int32Array>;
  numeric: Record<string, Float32Array>;
  split: Uint8Array;
  files?: string[];
}

export const DEFAULT_SHARD_SIZE = 1024;

export function imageBytes(shape: ImageShape): number {
  return shape.size * shape.size * shape.channels;
}

export function attribute(manifest: DatasetManifest, name: string): CategoricalAttribute {
  const attr = manifest.categorical.find((a) => a.name === name);
  if (!attr) {
    const known = manifest.categorical.map((a) => a.name).join(', ');
    throw new Error(`Dataset "${manifest.name}" has no attribute "${name}" (it has: ${known})`);
  }
  return attr;
}

export function sensitiveAttributes(manifest: DatasetManifest): CategoricalAttribute[] {
  return manifest.categorical.filter((a) => a.sensitive);
}
