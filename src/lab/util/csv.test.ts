import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv';

describe('csv', () => {
  it('parses quotes, escaped quotes, embedded newlines, CRLF and a BOM', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"multi\nline",\r\n\r\n';
    expect(parseCsv(text)).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        ['1', 'x, y', 'say "hi"'],
        ['2', 'multi\nline', ''],
      ],
    });
  });

  it('pads short rows, rejects wide rows and unterminated quotes', () => {
    expect(parseCsv('a,b\n1').rows).toEqual([['1', '']]);
    expect(() => parseCsv('a\n1,2')).toThrow(/2 fields/);
    expect(() => parseCsv('a\n"1')).toThrow(/quoted/);
    expect(parseCsv('')).toEqual({ header: [], rows: [] });
  });

  it('round-trips through toCsv', () => {
    const rows = [['1', 'a,b', 'q"q', ' pad', 'line\nbreak']];
    const header = ['n', 'comma', 'quote', 'space', 'newline'];
    expect(parseCsv(toCsv(header, rows))).toEqual({ header, rows });
  });
});
