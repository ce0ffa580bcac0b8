/**
 * The lab's one CSV module, on papaparse (RFC 4180: quoted fields with "" escapes and embedded
 * commas or newlines, LF or CRLF, an optional UTF-8 BOM). `parseCsv` / `toCsv` read and write
 * whole texts (audit reports, predictions CSVs); `streamCsv` (csv-stream.ts) reads label files
 * row by row without holding them.
 */
import Papa from 'papaparse';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** papaparse's settings for the lab's CSVs: comma-separated, nothing guessed, strings only. */
export const CSV_CONFIG = { delimiter: ',', quoteChar: '"', dynamicTyping: false, header: false } as const;

/**
 * Parses CSV text. Blank lines are skipped; the header is trimmed; short rows are padded to the
 * header width. Throws on an unterminated quote or a row wider than the header.
 */
export function parseCsv(text: string): CsvTable {
  const parsed = Papa.parse<string[]>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    ...CSV_CONFIG,
    skipEmptyLines: true,
  });
  const unterminated = parsed.errors.find((e) => e.code === 'MissingQuotes');
  if (unterminated) throw new Error('CSV ends inside a quoted field');
  const [first, ...records] = parsed.data;
  if (!first) return { header: [], rows: [] };
  const header = first.map((name) => name.trim());
  const rows = records.map((row, r) => {
    if (row.length > header.length) {
      throw new Error(`CSV row ${r + 2} has ${row.length} fields but the header has ${header.length}`);
    }
    return row.length < header.length
      ? [...row, ...new Array<string>(header.length - row.length).fill('')]
      : row;
  });
  return { header, rows };
}

/** Writes CSV with LF line ends and a final newline, quoting only the fields that need it. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const table = [header, ...rows].map((fields) => fields.map(text));
  // papaparse quotes a field with a comma, quote or line break, or a leading or trailing space;
  // `quotes` adds any other leading or trailing whitespace, so every field reads back as written.
  const csv = Papa.unparse(table, {
    quotes: (value: unknown) => typeof value === 'string' && value !== value.trim(),
    newline: '\n',
    delimiter: ',',
  });
  return csv + '\n';
}

/** Throws, naming the expected and found columns, unless every required column is present. */
export function requireColumns(
  table: { header: readonly string[] },
  required: readonly string[],
  file: string,
): void {
  const missing = required.filter((column) => !table.header.includes(column));
  if (missing.length > 0) {
    throw new Error(
      `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}; ` +
        `expected ${required.join(', ')}; found ${table.header.join(', ') || '(no header)'}`,
    );
  }
}

/** A row as a column → trimmed value object ('' where the row is short). */
export function rowObject(
  table: { header: readonly string[] },
  row: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  table.header.forEach((column, i) => (out[column] = (row[i] ?? '').trim()));
  return out;
}
