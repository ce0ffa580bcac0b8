import { commonFolder, isImagePath, labelFolder, type FileSource } from './file-source';
import { readAttributeCsv } from './attribute-csv';
import type { ImportPlan, ImportRecord, SkippedFile } from './types';

export interface FolderImportOptions {
  /** Path (in the source) of a CSV adding sensitive attributes, keyed by file. */
  csvPath?: string;
}

/**
 * CK+-style: one subfolder per expression (anger/, happy/, …); the folder name is the label.
 * An optional CSV keyed by `file` adds sensitive attributes (e.g. gender).
 */
export async function planCkPlus(source: FileSource, options: FolderImportOptions = {}): Promise<ImportPlan> {
  const paths = await source.list();
  const attributes = options.csvPath ? await readAttributeCsv(source, options.csvPath, paths) : undefined;
  const records: ImportRecord[] = [];
  const skipped: SkippedFile[] = [];
  let unlabelled = 0;
  const root = commonFolder(paths);
  for (const file of paths.filter(isImagePath)) {
    const expression = labelFolder(file, root).toLowerCase();
    if (!expression) {
      skipped.push({ file, reason: 'not inside an expression folder' });
      continue;
    }
    const extra = attributes?.lookup(file);
    if (attributes && !extra) unlabelled++;
    records.push({ file, categorical: { expression, ...extra }, numeric: {} });
  }
  const sensitive = attributes?.columns ?? [];
  return {
    format: 'ckplus',
    records,
    skipped,
    categorical: [
      { name: 'expression', sensitive: false },
      ...sensitive.map((name) => ({ name, sensitive: true })),
    ],
    numeric: [],
    targets: ['expression'],
    split: { kind: 'stratified', by: [...sensitive, 'expression'] },
    warnings: [
      ...(attributes?.warnings ?? []),
      ...(unlabelled > 0 ? [`${unlabelled} images have no row in ${options.csvPath}.`] : []),
    ],
    options: options.csvPath ? { csv: options.csvPath } : undefined,
  };
}
