import { streamCsv } from '../../util/csv-stream';
import { openStream, type FileSource } from './file-source';

/** A CSV's header, trimmed, and a way to read its rows by column. */
export interface CsvHeader {
  header: string[];
}

/**
 * Streams a label CSV from the source: `onHeader` sees the (trimmed) header first and may throw
 * to refuse the file before any row is read; then `onRow` sees each row with its 1-based line.
 */
export async function forEachCsvRow(
  source: FileSource,
  path: string,
  onRow: (row: string[], line: number, table: CsvHeader) => void,
  onHeader?: (table: CsvHeader) => void,
): Promise<CsvHeader> {
  let table: CsvHeader | undefined;
  await streamCsv(await openStream(source, path), (fields, line) => {
    if (!table) {
      table = { header: fields.map((h) => h.trim()) };
      onHeader?.(table);
    } else onRow(fields, line, table);
  });
  if (!table) {
    // An empty file: the header check still runs (and names "(no header)").
    table = { header: [] };
    onHeader?.(table);
  }
  return table;
}

/** Just a CSV's header (trimmed; empty for an empty file), reading no further than its first row. */
export async function readCsvHeader(source: FileSource, path: string): Promise<CsvHeader> {
  let header: string[] = [];
  await streamCsv(await openStream(source, path), (fields) => {
    header = fields.map((h) => h.trim());
    return false;
  });
  return { header };
}

/**
 * Streams a whitespace-separated label file (CelebA's list_attr_celeba.txt, RAF-DB's label list):
 * each non-blank line's fields with its 1-based line number.
 */
export async function forEachLabelLine(
  source: FileSource,
  path: string,
  onLine: (fields: string[], line: number) => void,
): Promise<void> {
  await streamCsv(await openStream(source, path), (fields, line) => void onLine(fields, line), {
    whitespace: true,
  });
}
