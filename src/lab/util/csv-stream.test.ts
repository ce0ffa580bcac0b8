import { describe, expect, it } from 'vitest';
import { streamCsv, type CsvStreamOptions } from './csv-stream';

/** A text as a byte stream cut into `size`-byte chunks (splitting UTF-8 sequences and rows). */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

async function rows(text: string, size = 3, options?: CsvStreamOptions) {
  const out: [number, string[]][] = [];
  await streamCsv(chunked(text, size), (fields, line) => void out.push([line, fields]), options);
  return out;
}

describe('streamCsv (papaparse streaming)', () => {
  it('reads quoted fields, CRLF, a BOM and UTF-8 across chunk boundaries, with each row’s line', async () => {
    const text = '\uFEFFfile,note\r\n"a.jpg","x, ""y"""\r\n\r\nb.jpg,"two\nlines"\r\nc.jpg,café\r\n';
    for (const size of [1, 2, 5, 1000]) {
      expect(await rows(text, size)).toEqual([
        [1, ['file', 'note']],
        [2, ['a.jpg', 'x, "y"']],
        [4, ['b.jpg', 'two\nlines']],
        [6, ['c.jpg', 'café']],
      ]);
    }
  });

  it('whitespace mode: runs of spaces and tabs separate, quotes are plain text', async () => {
    const text = '3\n5_o_Clock_Shadow Male\n000001.jpg -1  1\n\n000002.jpg\t 1 -1\n"q".jpg 1 1';
    expect(await rows(text, 4, { whitespace: true })).toEqual([
      [1, ['3']],
      [2, ['5_o_Clock_Shadow', 'Male']],
      [3, ['000001.jpg', '-1', '1']],
      [5, ['000002.jpg', '1', '-1']],
      [6, ['"q".jpg', '1', '1']],
    ]);
  });

  it('stops early, and rejects with the row handler’s error or an unterminated quote', async () => {
    const seen: string[] = [];
    await streamCsv(chunked('a\nb\nc\nd\n', 1), (fields) => (seen.push(fields[0]), fields[0] !== 'b'));
    expect(seen).toEqual(['a', 'b']);
    await expect(
      streamCsv(chunked('a\nb\nc\n', 2), (fields) => {
        if (fields[0] === 'b') throw new Error('bad row b');
      }),
    ).rejects.toThrow('bad row b');
    await expect(rows('file\nok\n"never closed\nmore\n')).rejects.toThrow(
      /line 3: a quoted field is never closed/,
    );
  });

  it('a 200k-line attribute file streams through without the text held whole', async () => {
    const n = 200_000;
    let i = 0;
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= n) return controller.close();
        const lines: string[] = [];
        for (let k = 0; k < 1000 && i < n; k++, i++)
          lines.push(`${String(i + 1).padStart(6, '0')}.jpg -1  1 -1  1\n`);
        controller.enqueue(encoder.encode(lines.join('')));
      },
    });
    let count = 0;
    let last = '';
    await streamCsv(
      stream,
      (fields, line) => {
        count++;
        last = `${line}:${fields[0]}:${fields.length}`;
      },
      { whitespace: true },
    );
    expect(count).toBe(n);
    expect(last).toBe('200000:200000.jpg:5');
  });
});
