/**
 * Imports a labelled face dataset (any FileSource, any importer format) for one audit: filters
 * apply to the importer's labels before decoding, `limit` keeps a seeded random sample, and the
 * images are stored at their own size (capped by the model input and the store's 16–128 range),
 * so they are resized once, by the mapping, rather than twice. planForAudit reads only the labels,
 * so the audit can be checked against the schema before any image is decoded.
 */
import { decodeImage } from '../data/decode/decode-image';
import type { FileSource } from '../data/import/file-source';
import { planImport, type ImportFormat, type PlanOptions } from '../data/import/formats';
import { runImport } from '../data/import/import-pipeline';
import type { ImportPlan, ImportRecord } from '../data/import/types';
import { MAX_IMAGE_SIZE, MIN_IMAGE_SIZE } from '../data/image-ops/prepare';
import type { DatasetManifest } from '../data/types';
import type { DatasetSchema } from './audit-checks';
import { silentJob, type JobContext } from '../jobs/job';
import type { DatasetStore } from '../store/types';
import { createRng, shuffleInPlace } from '../util/rng';
import { compileFilters, parseFilter, type AttributeValue, type Filter } from './filters';
import { SkipLog, type SkipSummary } from './skip-log';

export interface AuditImportOptions extends PlanOptions {
  filters?: readonly (string | Filter)[];
  /** Keep a random sample of at most this many images (after filtering). */
  limit?: number;
  seed?: number;
  /** The model's input side; the stored side never exceeds it. */
  modelSize?: number;
  /** Stored side; default: the first image's shorter side, capped as above. */
  size?: number;
  id?: string;
}

export interface AuditImport {
  manifest: DatasetManifest;
  /** Files the importer could not label or decode. */
  skipped: SkipSummary;
  /** Records left out by the filters. */
  filtered: number;
}

/** What an import for an audit will store, known before any image is decoded. */
export interface AuditImportPlan {
  /** The records left after the filters and the sample. */
  plan: ImportPlan;
  /** The dataset's attributes, for checking the audit before importing (audit-checks.ts). */
  schema: DatasetSchema;
  /** Records left out by the filters. */
  filtered: number;
}

/** Reads the labels (no image yet), applies the filters and the sample. */
export async function planForAudit(
  format: ImportFormat,
  source: FileSource,
  options: AuditImportOptions = {},
): Promise<AuditImportPlan> {
  const plan = await planImport(format, source, options);
  const filters = (options.filters ?? []).map((f) => (typeof f === 'string' ? parseFilter(f) : f));
  const failing = compileFilters(filters, {
    categorical: Object.fromEntries(plan.categorical.map((a) => [a.name, a.values ?? null])),
    numeric: plan.numeric,
  });
  const kept = plan.records.filter((record) => failing((name) => recordValue(record, name)) === null);
  let records = kept;
  if (options.limit !== undefined && kept.length > options.limit) {
    records = shuffleInPlace([...kept], createRng(options.seed ?? 0)).slice(0, options.limit);
  }
  const schema: DatasetSchema = {
    name: source.name,
    categorical: plan.categorical.map((a) => ({
      name: a.name,
      sensitive: a.sensitive,
      values: a.values ?? [
        ...new Set(records.map((r) => r.categorical[a.name]).filter((v) => v !== undefined)),
      ],
    })),
    numeric: plan.numeric.map((name) => ({ name })),
  };
  return { plan: { ...plan, records }, schema, filtered: plan.records.length - kept.length };
}

/** Decodes and stores a planned import. */
export async function importPlanned(
  planned: AuditImportPlan,
  source: FileSource,
  store: DatasetStore,
  options: AuditImportOptions = {},
  job: JobContext = silentJob(),
): Promise<AuditImport> {
  const { plan } = planned;
  const size = options.size ?? (await nativeSize(source, plan.records, options.modelSize));
  const result = await runImport(
    plan,
    source,
    store,
    { size, seed: options.seed, id: options.id, name: source.name },
    job,
  );
  const skipped = new SkipLog();
  for (const s of result.skipped) skipped.add(s.reason, s.file);
  return { manifest: result.manifest, skipped: skipped.summary(), filtered: planned.filtered };
}

export async function importForAudit(
  format: ImportFormat,
  source: FileSource,
  store: DatasetStore,
  options: AuditImportOptions = {},
  job: JobContext = silentJob(),
): Promise<AuditImport> {
  return importPlanned(await planForAudit(format, source, options), source, store, options, job);
}

function recordValue(record: ImportRecord, name: string): AttributeValue {
  if (name in record.numeric) return Number.isNaN(record.numeric[name]) ? null : record.numeric[name];
  return record.categorical[name] ?? null;
}

/** The first decodable image's shorter side, clamped to the model size and the store's range. */
async function nativeSize(
  source: FileSource,
  records: ImportRecord[],
  modelSize = MAX_IMAGE_SIZE,
): Promise<number> {
  let side = MAX_IMAGE_SIZE;
  for (const record of records.slice(0, 5)) {
    try {
      const image = decodeImage(await source.read(record.file), record.file);
      side = Math.min(image.width, image.height);
      break;
    } catch {
      // An undecodable file is skipped later by the importer, with its reason.
    }
  }
  return Math.max(MIN_IMAGE_SIZE, Math.min(side, modelSize, MAX_IMAGE_SIZE));
}
