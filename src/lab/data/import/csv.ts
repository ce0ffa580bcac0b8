/**
 * A small RFC 4180 CSV reader for label files: quoted fields, doubled quotes, CRLF,
 * newlines inside quotes. Keeps the file line on which each row starts, for error reports.
 */
export interface CsvTable {
  header: string[];
  rows: string[][];
  /** 1-based file line of each row (the header is line 1 unless blank lines precede it). */
  lines: number[];
}

export function parseCsvTable(text: string, delimiter = ','): CsvTable {
  const records: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    record.push(field);
    if (record.length > 1 || record[0].trim() !== '') {
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (field !== '' || record.length > 0) endRecord();
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows, lines: lines.slice(1) };
}

/** Throws, naming the expected and found columns, unless every required column is present. */
export function requireColumns(table: CsvTable, required: readonly string[], file: string): void {
  const missing = required.filter((column) => !table.header.includes(column));
  if (missing.length > 0) {
    throw new Error(
      `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}; ` +
        `expected ${required.join(', ')}; found ${table.header.join(', ') || '(no header)'}`,
    );
  }
}

/** Row as a column → value object. */
export function rowObject(table: CsvTable, row: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  table.header.forEach((column, i) => (out[column] = (row[i] ?? '').trim()));
  return out;
}
