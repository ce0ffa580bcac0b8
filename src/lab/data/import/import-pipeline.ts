import { CancelledError, etaTracker, silentJob, yieldToEventLoop, type JobContext } from '../../jobs/job';
import { isQuotaError } from '../../store/quota';
import type { DatasetStore, DatasetWriter } from '../../store/types';
import { pureDecoder } from '../decode/decode-image';
import type { ImageDecoder } from '../decode/types';
import { DEFAULT_IMAGE_SIZE, prepareImage, validateImageSize } from '../image-ops/prepare';
import { EXCLUDED } from '../splits/identity-disjoint';
import { DEFAULT_FRACTIONS, countSplits, validateFractions, type SplitFractions } from '../splits/stratified';
import {
  DEFAULT_SHARD_SIZE,
  SPLIT_NAMES,
  type CategoricalAttribute,
  type DatasetManifest,
  type Shard,
} from '../types';
import { assignSplit, type SplitAssignment } from './assign-split';
import type { FileSource } from './file-source';
import { groupWarnings, MIN_GROUP_COUNT } from './group-warnings';
import { naturalCompare } from './natural-order';
import type { ImportPlan, ImportRecord, SkippedFile } from './types';

export const DEFAULT_IMPORT_SEED = 42;

export interface ImportOptions {
  /** Dataset id; default: derived from the name and the time. */
  id?: string;
  /** Default: the source's name. */
  name?: string;
  /** Stored side in pixels, 16–128 (default 64). */
  size?: number;
  /** 'auto' (default): 1 if the first image decodes to gray, else 3. */
  channels?: 1 | 3 | 'auto';
  seed?: number;
  fractions?: SplitFractions;
  shardSize?: number;
  /** Sensitive groups under this count get a warning (default 30). */
  minGroupCount?: number;
  /** Identity-disjoint splits: keep the smallest group's number of identities in every group. */
  balanceIdentities?: boolean;
  minImagesPerIdentity?: number;
  decoder?: ImageDecoder;
  /** Images read concurrently (default 16). */
  readAhead?: number;
}

export interface ImportResult {
  manifest: DatasetManifest;
  skipped: SkippedFile[];
  /** Files in the source that are neither images to import nor label files (e.g. notes.txt). */
  ignored: SkippedFile[];
}

/** An import decided up to decoding: the records to decode, with their split, and what is left out. */
export interface PreparedImport {
  categorical: CategoricalAttribute[];
  /** In the order they will be read (the source's cheapest order). */
  kept: { record: ImportRecord; code: number }[];
  /** Label problems, values outside a fixed vocabulary, identities the split drops. */
  skipped: SkippedFile[];
  split: SplitAssignment;
  seed: number;
  fractions: SplitFractions;
}

/**
 * Everything an import checks before it decodes a single image, so the preview can say what the
 * import will do. Only decoding errors (corrupt or truncated files) remain to be found.
 */
export function prepareImport(
  plan: ImportPlan,
  options: Pick<ImportOptions, 'seed' | 'fractions' | 'minImagesPerIdentity' | 'balanceIdentities'> = {},
  source?: FileSource,
): PreparedImport {
  const fractions = options.fractions ?? DEFAULT_FRACTIONS;
  validateFractions(fractions);
  const seed = options.seed ?? DEFAULT_IMPORT_SEED;
  const skipped: SkippedFile[] = [...plan.skipped];
  const { categorical, invalid } = resolveAttributes(plan, skipped);
  const records = plan.records.filter((r) => !invalid.has(r));
  const split = assignSplit(records, plan.split, {
    seed,
    fractions,
    minImagesPerIdentity: options.minImagesPerIdentity,
    balanceIdentities: options.balanceIdentities,
  });
  for (const e of split.excluded) skipped.push(e); // may be 100k+: no push(...) spread
  const kept = records.flatMap((r, i) =>
    split.codes[i] === EXCLUDED ? [] : [{ record: r, code: split.codes[i] }],
  );
  return { categorical, kept: inReadOrder(kept, source), skipped, split, seed, fractions };
}

/**
 * Decodes, resizes and shards a plan's images into a new dataset. Files that fail to read or
 * decode are skipped with their reason. The dataset appears only on commit: cancel or any
 * failure aborts the writer, so nothing is half-listed.
 */
export async function runImport(
  plan: ImportPlan,
  source: FileSource,
  store: DatasetStore,
  options: ImportOptions = {},
  job: JobContext = silentJob(),
): Promise<ImportResult> {
  const size = validateImageSize(options.size ?? DEFAULT_IMAGE_SIZE);
  const shardSize = options.shardSize ?? DEFAULT_SHARD_SIZE;
  const decoder = options.decoder ?? pureDecoder;
  const { categorical, kept, skipped, split, seed } = prepareImport(plan, options, source);
  const ignored = plan.ignored ?? [];
  if (kept.length === 0) {
    throw new Error(
      `No importable images in ${source.name} (${skipped.length} skipped${firstReason(skipped)})`,
    );
  }
  if (job.signal.aborted) throw new CancelledError();

  const name = options.name ?? source.name;
  const id = options.id ?? defaultId(name);
  const writer = await store.create(id);
  try {
    const written = await writeShards(kept, categorical, plan.numeric, source, writer, {
      size,
      channels: options.channels ?? 'auto',
      shardSize,
      decoder,
      readAhead: options.readAhead ?? 16,
      job,
      skipped,
    });
    if (written.nImages === 0) {
      throw new Error(
        `No image in ${source.name} could be decoded (${skipped.length} skipped${firstReason(skipped)})`,
      );
    }
    const splitCounts = countSplits(written.splitCodes);
    const manifest: DatasetManifest = {
      id,
      name,
      createdAt: new Date().toISOString(),
      source: {
        kind: 'import',
        format: plan.format,
        origin: source.name,
        options: { ...plan.options, size, seed },
      },
      image: { size, channels: written.channels },
      nImages: written.nImages,
      shardSize,
      nShards: written.nShards,
      categorical,
      numeric: plan.numeric.map((n) => ({ name: n })),
      targets: plan.targets,
      counts: written.counts,
      split: {
        ...split.info,
        fractions: split.info.kind === 'predefined' ? actualFractions(splitCounts) : split.info.fractions,
        counts: splitCounts,
      },
      bytes: written.nImages * size * size * written.channels,
      warnings: [
        ...plan.warnings,
        ...groupWarnings(
          categorical,
          written.counts,
          written.nImages,
          options.minGroupCount ?? MIN_GROUP_COUNT,
        ),
        ...(skipped.length > 0 ? [`${skipped.length} files skipped; see the import report.`] : []),
      ],
      hasFiles: true,
    };
    await writer.commit(manifest);
    return { manifest, skipped, ignored };
  } catch (error) {
    await writer.abort().catch(() => {});
    if (isQuotaError(error)) {
      const message = error instanceof Error ? error.message : String(error);
      const wrapped = new Error(
        `Ran out of storage space importing "${name}"; nothing was saved. ` +
          `Free some space or import at a smaller size. (${message})`,
        { cause: error },
      );
      wrapped.name = 'QuotaExceededError';
      throw wrapped;
    }
    throw error;
  }
}

interface WriteOptions {
  size: number;
  channels: 1 | 3 | 'auto';
  shardSize: number;
  decoder: ImageDecoder;
  readAhead: number;
  job: JobContext;
  skipped: SkippedFile[];
}

interface Written {
  nImages: number;
  nShards: number;
  channels: 1 | 3;
  splitCodes: Uint8Array;
  counts: Record<string, Record<string, number>>;
}

async function writeShards(
  kept: { record: ImportRecord; code: number }[],
  categorical: CategoricalAttribute[],
  numeric: string[],
  source: FileSource,
  writer: DatasetWriter,
  options: WriteOptions,
): Promise<Written> {
  const { size, shardSize, decoder, job, skipped } = options;
  const valueIndex = categorical.map((a) => new Map(a.values.map((v, i) => [v, i])));
  const counts: Record<string, Record<string, number>> = {};
  for (const a of categorical) counts[a.name] = Object.fromEntries(a.values.map((v) => [v, 0]));
  const splitCodes: number[] = [];
  let channels: 1 | 3 | undefined = options.channels === 'auto' ? undefined : options.channels;
  let shard: Shard | undefined;
  let nShards = 0;
  let nImages = 0;

  const newShard = (): Shard => ({
    index: nShards,
    n: 0,
    pixels: new Uint8Array(shardSize * size * size * channels!),
    categorical: Object.fromEntries(categorical.map((a) => [a.name, new Int32Array(shardSize).fill(-1)])),
    numeric: Object.fromEntries(numeric.map((n) => [n, new Float32Array(shardSize).fill(NaN)])),
    split: new Uint8Array(shardSize),
    files: [],
  });
  const flush = async () => {
    if (!shard || shard.n === 0) return;
    await writer.putShard(trimShard(shard, size * size * channels!));
    nShards++;
    shard = undefined;
  };

  const eta = etaTracker();
  let lastYield = Date.now();
  for (let start = 0; start < kept.length; start += options.readAhead) {
    if (job.signal.aborted) throw new CancelledError();
    const batch = kept.slice(start, start + options.readAhead);
    const reads = await Promise.all(
      batch.map(({ record }) =>
        source.read(record.file).then(
          (bytes) => ({ bytes }),
          (error: unknown) => ({ error }),
        ),
      ),
    );
    for (let b = 0; b < batch.length; b++) {
      const { record, code } = batch[b];
      const read = reads[b];
      let pixels: Uint8Array;
      try {
        if ('error' in read) throw read.error;
        const image = await decoder.decode(read.bytes, record.file);
        channels ??= image.channels === 1 ? 1 : 3;
        pixels = prepareImage(image, size, channels);
      } catch (error) {
        skipped.push({ file: record.file, reason: errorReason(error), line: record.line });
        continue;
      }
      shard ??= newShard();
      const k = shard.n++;
      shard.pixels.set(pixels, k * pixels.length);
      categorical.forEach((a, j) => {
        const value = record.categorical[a.name];
        const index = value === undefined ? -1 : (valueIndex[j].get(value) ?? -1);
        shard!.categorical[a.name][k] = index;
        if (index >= 0) counts[a.name][value!]++;
      });
      for (const n of numeric) shard.numeric[n][k] = record.numeric[n] ?? NaN;
      shard.split[k] = code;
      shard.files!.push(record.file);
      splitCodes.push(code);
      nImages++;
      if (shard.n === shardSize) await flush();
    }
    const done = Math.min(kept.length, start + batch.length);
    job.report({
      phase: 'import',
      done,
      total: kept.length,
      etaSeconds: eta(done, kept.length),
      message: `${nImages} imported, ${skipped.length} skipped`,
    });
    if (Date.now() - lastYield > 50) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  if (job.signal.aborted) throw new CancelledError();
  await flush();
  return { nImages, nShards, channels: channels ?? 3, splitCodes: Uint8Array.from(splitCodes), counts };
}

/** A shard cut to its filled length (the last one is usually short). */
function trimShard(shard: Shard, imageBytes: number): Shard {
  const n = shard.n;
  if (n === shard.split.length) return shard;
  return {
    index: shard.index,
    n,
    pixels: shard.pixels.slice(0, n * imageBytes),
    categorical: Object.fromEntries(Object.entries(shard.categorical).map(([k, v]) => [k, v.slice(0, n)])),
    numeric: Object.fromEntries(Object.entries(shard.numeric).map(([k, v]) => [k, v.slice(0, n)])),
    split: shard.split.slice(0, n),
    files: shard.files,
  };
}

/**
 * Fixes each attribute's value list: the importer's, or the observed values in natural order.
 * Records with a value outside a fixed list are skipped (returned in `invalid`).
 */
function resolveAttributes(
  plan: ImportPlan,
  skipped: SkippedFile[],
): { categorical: CategoricalAttribute[]; invalid: Set<ImportRecord> } {
  const invalid = new Set<ImportRecord>();
  const categorical = plan.categorical.map((spec) => {
    if (!spec.values) {
      const seen = new Set<string>();
      for (const r of plan.records) {
        const v = r.categorical[spec.name];
        if (v !== undefined) seen.add(v);
      }
      return { name: spec.name, sensitive: spec.sensitive, values: [...seen].sort(naturalCompare) };
    }
    const allowed = new Set(spec.values);
    for (const r of plan.records) {
      const v = r.categorical[spec.name];
      if (v !== undefined && !allowed.has(v) && !invalid.has(r)) {
        invalid.add(r);
        skipped.push({ file: r.file, line: r.line, reason: `unknown ${spec.name} "${v}"` });
      }
    }
    return { name: spec.name, sensitive: spec.sensitive, values: [...spec.values] };
  });
  return { categorical, invalid };
}

/** Records sorted into the order the source reads fastest (a zip's entry order); else as given. */
function inReadOrder<T extends { record: ImportRecord }>(kept: T[], source?: FileSource): T[] {
  if (!source?.readOrder) return kept;
  const rank = new Map(source.readOrder(kept.map((k) => k.record.file)).map((file, i) => [file, i]));
  return kept
    .map((k, i) => ({ k, i }))
    .sort((a, b) => (rank.get(a.k.record.file) ?? a.i) - (rank.get(b.k.record.file) ?? b.i) || a.i - b.i)
    .map(({ k }) => k);
}

function actualFractions(counts: Record<'train' | 'val' | 'test', number>): SplitFractions {
  const total = SPLIT_NAMES.reduce((sum, s) => sum + counts[s], 0) || 1;
  return { train: counts.train / total, val: counts.val / total, test: counts.test / total };
}

function errorReason(error: unknown): string {
  if (error instanceof Error && error.name === 'DecodeError')
    return (error as Error & { reason: string }).reason;
  return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
}

function firstReason(skipped: SkippedFile[]): string {
  return skipped.length > 0 ? `; first: ${skipped[0].file}: ${skipped[0].reason}` : '';
}

function defaultId(name: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'dataset';
  return `${slug}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
}
