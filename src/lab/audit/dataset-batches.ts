/**
 * The audit's view of a stored dataset: images of one split, in dataset order, with their file
 * name, true label and attributes, in batches of raw uint8 pixels. Rows missing the target or a
 * group attribute are skipped (logged with the reason); rows failing a filter are counted apart.
 * With no group attributes every row is one group (overall and per-class metrics only).
 */
import type { DatasetManifest, SplitName } from '../data/types';
import { imageBytes } from '../data/types';
import { throwIfCancelled } from '../jobs/job';
import { inSplit } from '../store/split-labels';
import type { DatasetStore } from '../store/types';
import { checkAttributes, filterSchema } from './audit-checks';
import { compileFilters, type AttributeValue, type Filter } from './filters';
import type { SkipLog } from './skip-log';

export interface ImageRow {
  /** Global image index (shard index × shardSize + row). */
  index: number;
  file: string;
  yTrue: string;
  /** Group attribute → value. */
  attributes: Record<string, string>;
}

export interface ImageBatch {
  /** n images, row-major HWC uint8 at the dataset's stored size. */
  pixels: Uint8Array;
  rows: ImageRow[];
}

export interface RowSelection {
  split: SplitName | 'all';
  target: string;
  groupAttributes: string[];
  filters: readonly Filter[];
  batchSize: number;
  /** Stop after this many audited images. */
  limit?: number;
}

/** Where filtered rows are counted (they are chosen, not skipped). */
export interface FilterCount {
  filtered: number;
}

export async function* imageBatches(
  store: DatasetStore,
  manifest: DatasetManifest,
  selection: RowSelection,
  skips: SkipLog,
  filtered: FilterCount,
  signal: AbortSignal,
): AsyncGenerator<ImageBatch> {
  checkAttributes(manifest, selection.target, selection.groupAttributes);
  const failing = compileFilters(selection.filters, filterSchema(manifest));
  const categorical = new Map(manifest.categorical.map((a) => [a.name, a.values]));
  const perImage = imageBytes(manifest.image);
  const limit = selection.limit ?? Infinity;
  let pixels = new Uint8Array(selection.batchSize * perImage);
  let rows: ImageRow[] = [];
  let taken = 0;
  for (let s = 0; s < manifest.nShards && taken < limit; s++) {
    throwIfCancelled(signal);
    const shard = await store.shard(manifest.id, s);
    for (let i = 0; i < shard.n && taken < limit; i++) {
      if (!inSplit(shard.split[i], selection.split)) continue;
      const index = shard.index * manifest.shardSize + i;
      const file = shard.files?.[i] ?? `#${index}`;
      const value = (name: string): AttributeValue => {
        const values = categorical.get(name);
        if (values) {
          const code = shard.categorical[name][i];
          return code >= 0 ? values[code] : null;
        }
        const v = shard.numeric[name]?.[i];
        return v === undefined || Number.isNaN(v) ? null : v;
      };
      const missing = [selection.target, ...selection.groupAttributes].find((name) => value(name) === null);
      if (missing !== undefined) {
        skips.add(`missing ${missing}`, file);
        continue;
      }
      if (failing(value) !== null) {
        filtered.filtered++;
        continue;
      }
      pixels.set(shard.pixels.subarray(i * perImage, (i + 1) * perImage), rows.length * perImage);
      rows.push({
        index,
        file,
        yTrue: value(selection.target) as string,
        attributes: Object.fromEntries(
          selection.groupAttributes.map((name) => [name, value(name) as string]),
        ),
      });
      taken++;
      if (rows.length === selection.batchSize) {
        yield { pixels, rows };
        pixels = new Uint8Array(selection.batchSize * perImage);
        rows = [];
      }
    }
  }
  if (rows.length > 0) yield { pixels: pixels.subarray(0, rows.length * perImage), rows };
}
