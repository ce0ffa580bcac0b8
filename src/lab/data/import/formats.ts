import type { JobContext } from '../../jobs/job';
import { silentJob } from '../../jobs/job';
import type { DatasetStore } from '../../store/types';
import { planCelebA } from './celeba';
import { planCkPlus } from './ckplus';
import { planFairFace } from './fairface';
import { isImagePath, openStream, type FileSource } from './file-source';
import { planFolderPerIdentity } from './folder-identity';
import { planFolderPerLabel } from './folder-label';
import { planGenericCsv, type CsvMapping } from './generic-csv';
import { runImport, type ImportOptions, type ImportResult } from './import-pipeline';
import { planRafDb } from './rafdb';
import type { ImportPlan, SkippedFile } from './types';
import { planUtkFace } from './utkface';

export const IMPORT_FORMATS = [
  'utkface',
  'celeba',
  'fairface',
  'rafdb',
  'ckplus',
  'folder-label',
  'folder',
  'csv',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface PlanOptions {
  /** ckplus / folder-label / folder: optional attributes CSV; csv: the manifest CSV (required). */
  csvPath?: string;
  /** csv: the column mapping (required). */
  mapping?: CsvMapping;
}

export function isImportFormat(name: string): name is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(name);
}

/**
 * Reads a source's labels in the given format. Label problems throw here, before any write.
 * The plan also lists the files it leaves alone (`ignored`): neither images it labels or skips,
 * nor label files it read.
 */
export async function planImport(
  format: ImportFormat,
  source: FileSource,
  options: PlanOptions = {},
): Promise<ImportPlan> {
  const read = new Set<string>();
  const recording: FileSource = {
    name: source.name,
    list: () => source.list(),
    read: (path) => (read.add(path), source.read(path)),
    stream: async (path) => (read.add(path), openStream(source, path)),
  };
  const plan = await planFormat(format, recording, options);
  return { ...plan, ignored: ignoredFiles(await source.list(), plan, read) };
}

function planFormat(format: ImportFormat, source: FileSource, options: PlanOptions): Promise<ImportPlan> {
  switch (format) {
    case 'utkface':
      return planUtkFace(source);
    case 'celeba':
      return planCelebA(source);
    case 'fairface':
      return planFairFace(source);
    case 'rafdb':
      return planRafDb(source);
    case 'ckplus':
      return planCkPlus(source, options);
    case 'folder-label':
      return planFolderPerLabel(source, options);
    case 'folder':
      return planFolderPerIdentity(source, options);
    case 'csv':
      if (!options.csvPath || !options.mapping)
        return Promise.reject(new Error('CSV import needs a CSV path and a column mapping'));
      return planGenericCsv(source, options.csvPath, options.mapping);
  }
}

/** Files the plan neither imports, skips nor read, each with why it was left alone. */
function ignoredFiles(paths: readonly string[], plan: ImportPlan, read: Set<string>): SkippedFile[] {
  const used = new Set(read);
  for (const r of plan.records) used.add(r.file);
  for (const s of plan.skipped) used.add(s.file);
  return paths
    .filter((p) => !used.has(p))
    .map((file) => ({
      file,
      reason: isImagePath(file) ? `no ${plan.format} label names this image` : 'not an image or a label file',
    }));
}

/** Plans, then decodes and writes: the whole import of one dataset. */
export async function importDataset(
  format: ImportFormat,
  source: FileSource,
  store: DatasetStore,
  options: ImportOptions & PlanOptions = {},
  job: JobContext = silentJob(),
): Promise<ImportResult> {
  job.report({ phase: 'scan', done: 0, total: 1, etaSeconds: null, message: `reading ${source.name}` });
  const plan = await planImport(format, source, options);
  return runImport(plan, source, store, options, job);
}
