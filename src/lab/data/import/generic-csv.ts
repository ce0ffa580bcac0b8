import { requireColumns, rowObject } from '../../util/csv';
import { dirName, isImagePath, type FileSource } from './file-source';
import { forEachCsvRow } from './label-files';
import { createPathResolver } from './path-resolver';
import type { ImportPlan, ImportRecord, SkippedFile } from './types';

/** Which CSV columns mean what. */
export interface CsvMapping {
  fileColumn: string;
  /** Categorical labels a model can predict. */
  labelColumns: string[];
  /** Categorical attributes that define groups. */
  sensitiveColumns: string[];
  /** Numeric labels (e.g. age); empty cells are missing. */
  numericColumns?: string[];
}

/**
 * A folder plus a CSV manifest with an explicit column mapping. Wrong columns throw before
 * anything is written; rows with a missing file, an empty label or a non-numeric number are
 * skipped with their line.
 */
export async function planGenericCsv(
  source: FileSource,
  csvPath: string,
  mapping: CsvMapping,
): Promise<ImportPlan> {
  const numericColumns = mapping.numericColumns ?? [];
  const categoricalColumns = [...new Set([...mapping.sensitiveColumns, ...mapping.labelColumns])];
  const resolve = createPathResolver(await source.list());
  const records: ImportRecord[] = [];
  const skipped: SkippedFile[] = [];
  const firstLine = new Map<string, number>();
  await forEachCsvRow(
    source,
    csvPath,
    (row, line, table) => {
      const v = rowObject(table, row);
      const name = v[mapping.fileColumn];
      const reject = (reason: string) => void skipped.push({ file: name || `(row ${line})`, line, reason });
      const file = resolve(name, dirName(csvPath));
      if (!file) return reject(name ? 'image file not found' : `empty ${mapping.fileColumn}`);
      if (firstLine.has(file)) return reject(`listed twice (first on line ${firstLine.get(file)})`);
      firstLine.set(file, line);
      const empty = categoricalColumns.find((c) => v[c] === '');
      if (empty) return reject(`missing ${empty}`);
      const numeric: Record<string, number> = {};
      for (const c of numericColumns) {
        const n = v[c] === '' ? NaN : Number(v[c]);
        if (v[c] !== '' && !Number.isFinite(n)) return reject(`${c} "${v[c]}" is not a number`);
        numeric[c] = n;
      }
      records.push({
        file,
        line,
        categorical: Object.fromEntries(categoricalColumns.map((c) => [c, v[c]])),
        numeric,
      });
    },
    (table) => requireColumns(table, [mapping.fileColumn, ...categoricalColumns, ...numericColumns], csvPath),
  );
  const sensitive = new Set(mapping.sensitiveColumns);
  const labels = mapping.labelColumns.filter((c) => !sensitive.has(c));
  return {
    format: 'csv',
    records,
    skipped,
    categorical: categoricalColumns.map((name) => ({ name, sensitive: sensitive.has(name) })),
    numeric: numericColumns,
    targets: [...mapping.labelColumns, ...numericColumns],
    split: { kind: 'stratified', by: [...mapping.sensitiveColumns, ...labels.slice(0, 1)] },
    warnings: [],
    options: { csv: csvPath, mapping },
  };
}

export interface CsvPreview {
  header: string[];
  rows: string[][];
  nRows: number;
  /** A guess for the mapping step: the first column whose cells look like image paths. */
  fileColumn?: string;
}

/** The first rows of a CSV and its row count, for the UI's column-mapping step (one streamed pass). */
export async function previewCsv(source: FileSource, csvPath: string, n = 20): Promise<CsvPreview> {
  const rows: string[][] = [];
  let nRows = 0;
  const { header } = await forEachCsvRow(source, csvPath, (row) => {
    if (nRows++ < n) rows.push(row);
  });
  const fileColumn = header.find((_, i) => rows.length > 0 && rows.every((r) => isImagePath(r[i] ?? '')));
  return { header, rows, nRows, fileColumn };
}
