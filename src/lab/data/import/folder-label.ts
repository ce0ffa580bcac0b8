import { readAttributeCsv } from './attribute-csv';
import { commonFolder, isImagePath, labelFolder, type FileSource } from './file-source';
import type { ImportPlan, ImportRecord, SkippedFile } from './types';

export interface FolderImportOptions {
  /** Path (in the source) of a CSV adding sensitive attributes, keyed by file. */
  csvPath?: string;
}

/** How a folder-per-class layout names its class. */
export interface FolderLabelLayout {
  format: string;
  /** The target attribute the folder names, e.g. 'label' or 'expression'. */
  attribute: string;
  /** CK+'s folders are matched case-blind (Anger/ and anger/ are one class). */
  lowercase?: boolean;
}

export const FOLDER_PER_LABEL: FolderLabelLayout = { format: 'folder-label', attribute: 'label' };

/**
 * Folder per label (`<root>/<label>/<image>`, as torchvision's ImageFolder and Keras's
 * image_dataset_from_directory read it): the folder name is the class, a target, and the split is
 * stratified by it, so every class is in every split. An optional CSV keyed by `file` adds
 * sensitive attributes, which stratify the split too.
 */
export async function planFolderPerLabel(
  source: FileSource,
  options: FolderImportOptions = {},
  layout: FolderLabelLayout = FOLDER_PER_LABEL,
): Promise<ImportPlan> {
  const paths = await source.list();
  const attributes = options.csvPath ? await readAttributeCsv(source, options.csvPath, paths) : undefined;
  const records: ImportRecord[] = [];
  const skipped: SkippedFile[] = [];
  let unlabelled = 0;
  const root = commonFolder(paths);
  for (const file of paths.filter(isImagePath)) {
    const folder = labelFolder(file, root);
    const label = layout.lowercase ? folder.toLowerCase() : folder;
    if (!label) {
      skipped.push({ file, reason: `not inside ${article(layout.attribute)} ${layout.attribute} folder` });
      continue;
    }
    const extra = attributes?.lookup(file);
    if (attributes && !extra) unlabelled++;
    records.push({ file, categorical: { [layout.attribute]: label, ...extra }, numeric: {} });
  }
  const sensitive = attributes?.columns ?? [];
  return {
    format: layout.format,
    records,
    skipped,
    categorical: [
      { name: layout.attribute, sensitive: false },
      ...sensitive.map((name) => ({ name, sensitive: true })),
    ],
    numeric: [],
    targets: [layout.attribute],
    split: { kind: 'stratified', by: [...sensitive, layout.attribute] },
    warnings: [
      ...(attributes?.warnings ?? []),
      ...(unlabelled > 0 ? [`${unlabelled} images have no row in ${options.csvPath}.`] : []),
    ],
    options: options.csvPath ? { csv: options.csvPath } : undefined,
  };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
