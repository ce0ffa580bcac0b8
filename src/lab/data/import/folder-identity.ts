import { commonFolder, isImagePath, labelFolder, type FileSource } from './file-source';
import { readAttributeCsv } from './attribute-csv';
import type { FolderImportOptions } from './folder-label';
import type { ImportPlan, ImportRecord, SkippedFile } from './types';

/**
 * Folder per identity (ORL / AT&T layout `s1/1.pgm`): the folder name is the identity label.
 * Split identity-disjoint (no person in two splits, the FR-NAS protocol). Folders that are classes
 * rather than people belong to the folder-per-label format. An optional CSV keyed by `file` or `identity` adds sensitive
 * attributes; the first one groups (and can balance) the identity split.
 */
export async function planFolderPerIdentity(
  source: FileSource,
  options: FolderImportOptions = {},
): Promise<ImportPlan> {
  const paths = await source.list();
  const attributes = options.csvPath
    ? await readAttributeCsv(source, options.csvPath, paths, ['file', 'identity'])
    : undefined;
  const records: ImportRecord[] = [];
  const skipped: SkippedFile[] = [];
  let unlabelled = 0;
  const root = commonFolder(paths);
  for (const file of paths.filter(isImagePath)) {
    const identity = labelFolder(file, root);
    if (!identity) {
      skipped.push({ file, reason: 'not inside an identity folder' });
      continue;
    }
    const extra = attributes?.lookup(file, identity);
    if (attributes && !extra) unlabelled++;
    records.push({ file, categorical: { identity, ...extra }, numeric: {} });
  }
  const sensitive = attributes?.columns ?? [];
  return {
    format: 'folder',
    records,
    skipped,
    categorical: [
      { name: 'identity', sensitive: false },
      ...sensitive.map((name) => ({ name, sensitive: true })),
    ],
    numeric: [],
    targets: ['identity'],
    split: { kind: 'identity-disjoint', identity: 'identity', groupBy: sensitive[0] },
    warnings: [
      ...(attributes?.warnings ?? []),
      ...(unlabelled > 0 ? [`${unlabelled} images have no row in ${options.csvPath}.`] : []),
    ],
    options: options.csvPath ? { csv: options.csvPath } : undefined,
  };
}
