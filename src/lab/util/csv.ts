/**
 * A small RFC 4180 CSV reader and writer: quoted fields (with "" escapes and embedded
 * commas or newlines), LF or CRLF line ends, an optional UTF-8 BOM, and a trailing newline.
 * Blank lines are skipped. Every row is padded or checked against the header width.
 */

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Parses CSV text. Throws on an unterminated quote or a row wider than the header. */
export function parseCsv(text: string): CsvTable {
  const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (records.length === 0) return { header: [], rows: [] };
  const header = records[0].map((name) => name.trim());
  const rows: string[][] = [];
  for (let r = 1; r < records.length; r++) {
    const row = records[r];
    if (row.length > header.length) {
      throw new Error(`CSV row ${r + 1} has ${row.length} fields but the header has ${header.length}`);
    }
    while (row.length < header.length) row.push('');
    rows.push(row);
  }
  return { header, rows };
}

function splitRecords(text: string): string[][] {
  const records: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const endRow = () => {
    if (fieldStarted || row.length > 0) {
      row.push(field);
      records.push(row);
    }
    row = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  endRow();
  return records;
}

/** Writes CSV with LF line ends, quoting only the fields that need it. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const line = (fields: readonly unknown[]) => fields.map(quoteField).join(',');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function quoteField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
