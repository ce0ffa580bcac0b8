import type { FileSource } from './file-source';
import { planFolderPerLabel, type FolderImportOptions } from './folder-label';
import type { ImportPlan } from './types';

export type { FolderImportOptions } from './folder-label';

/**
 * CK+-style: one subfolder per expression (anger/, happy/, …); the folder name, lower-cased, is
 * the `expression` label. An optional CSV keyed by `file` adds sensitive attributes (e.g. gender).
 */
export function planCkPlus(source: FileSource, options: FolderImportOptions = {}): Promise<ImportPlan> {
  return planFolderPerLabel(source, options, { format: 'ckplus', attribute: 'expression', lowercase: true });
}
