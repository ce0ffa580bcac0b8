import type { JobContext } from '../../jobs/job';
import { silentJob } from '../../jobs/job';
import type { DatasetStore } from '../../store/types';
import { planCelebA } from './celeba';
import { planCkPlus } from './ckplus';
import { planFairFace } from './fairface';
import type { FileSource } from './file-source';
import { planFolderPerIdentity } from './folder-identity';
import { planGenericCsv, type CsvMapping } from './generic-csv';
import { runImport, type ImportOptions, type ImportResult } from './import-pipeline';
import { planRafDb } from './rafdb';
import type { ImportPlan } from './types';
import { planUtkFace } from './utkface';

export const IMPORT_FORMATS = ['utkface', 'celeba', 'fairface', 'rafdb', 'ckplus', 'folder', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface PlanOptions {
  /** ckplus / folder: optional attributes CSV; csv: the manifest CSV (required). */
  csvPath?: string;
  /** csv: the column mapping (required). */
  mapping?: CsvMapping;
}

export function isImportFormat(name: string): name is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(name);
}

/** Reads a source's labels in the given format. Label problems throw here, before any write. */
export async function planImport(
  format: ImportFormat,
  source: FileSource,
  options: PlanOptions = {},
): Promise<ImportPlan> {
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
    case 'folder':
      return planFolderPerIdentity(source, options);
    case 'csv':
      if (!options.csvPath || !options.mapping)
        throw new Error('CSV import needs a CSV path and a column mapping');
      return planGenericCsv(source, options.csvPath, options.mapping);
  }
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
