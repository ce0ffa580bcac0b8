import { rowObject } from '../../util/csv';
import { dirName, type FileSource } from './file-source';
import { forEachCsvRow } from './label-files';
import { createPathResolver } from './path-resolver';

/** Extra per-image (or per-identity) attributes from a CSV, e.g. gender for CK+ or AT&T. */
export interface AttributeTable {
  /** Column the rows are keyed by: 'file' or 'identity'. */
  key: string;
  /** The attribute columns (every other column). */
  columns: string[];
  /** Attributes for an image (by path) or an identity; undefined if no row matches. */
  lookup(file: string, identity?: string): Record<string, string | undefined> | undefined;
  warnings: string[];
}

/**
 * Reads an attributes CSV keyed by `file` (path relative to the CSV, to the root, or a unique
 * suffix) or, where allowed, by `identity`. Throws, naming expected and found columns, when no
 * key column is present. Empty cells are missing values.
 */
export async function readAttributeCsv(
  source: FileSource,
  csvPath: string,
  paths: readonly string[],
  keys: readonly string[] = ['file'],
): Promise<AttributeTable> {
  let key = '';
  let columns: string[] = [];
  const resolve = createPathResolver(paths);
  const rows = new Map<string, Record<string, string | undefined>>();
  let unmatched = 0;
  const checkHeader = ({ header }: { header: string[] }) => {
    key = keys.find((k) => header.includes(k)) ?? '';
    if (!key) {
      throw new Error(
        `${csvPath}: needs a ${keys.map((k) => `"${k}"`).join(' or ')} column; found ${header.join(', ') || '(no header)'}`,
      );
    }
    columns = header.filter((c) => c !== key && c !== '');
    if (columns.length === 0) throw new Error(`${csvPath}: no attribute columns besides "${key}"`);
  };
  await forEachCsvRow(
    source,
    csvPath,
    (row, _line, table) => {
      const values = rowObject(table, row);
      const id = key === 'file' ? resolve(values.file, dirName(csvPath)) : values[key];
      if (!id) {
        unmatched++;
        return;
      }
      rows.set(id, Object.fromEntries(columns.map((c) => [c, values[c] || undefined])));
    },
    checkHeader,
  );
  return {
    key,
    columns,
    lookup: (file, identity) => rows.get(key === 'file' ? file : (identity ?? '')),
    warnings: unmatched > 0 ? [`${unmatched} rows of ${csvPath} match no image file.`] : [],
  };
}
