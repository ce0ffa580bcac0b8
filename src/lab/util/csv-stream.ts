/**
 * Streaming CSV (and whitespace-separated label files) on papaparse's streaming mode: rows reach
 * the caller one at a time as the bytes arrive, so CelebA's 200k-line attribute file is never
 * held whole. Runs alike in Node, the Worker and tests: the input is a web ReadableStream.
 */
import Papa from 'papaparse';
import { CSV_CONFIG } from './csv';

export interface CsvStreamOptions {
  /**
   * Fields separated by runs of spaces or tabs, without quoting (CelebA's and RAF-DB's .txt
   * label files), instead of comma-separated CSV.
   */
  whitespace?: boolean;
}

/** One row's fields and the 1-based line it starts on. Return false to stop reading. */
export type RowHandler = (fields: string[], line: number) => void | boolean;

/**
 * Calls `onRow` for every non-blank row of the stream (UTF-8, BOM stripped). An error thrown by
 * `onRow` stops the parse and rejects with it; an unterminated quote rejects naming its line.
 */
export function streamCsv(
  bytes: ReadableStream<Uint8Array>,
  onRow: RowHandler,
  options: CsvStreamOptions = {},
): Promise<void> {
  // papaparse guesses the line break from the first chunk only, which may hold none: line breaks
  // (LF, CRLF or CR) are made LF here, across chunk boundaries, and papaparse told so.
  // (TypeScript's DOM types give TextDecoderStream a wider writable side than a byte stream's.)
  const decoder = new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>;
  let text = bytes.pipeThrough(decoder).pipeThrough(unixNewlines());
  // papaparse splits on one delimiter character: tabs become spaces, and the empty fields
  // between repeated spaces are dropped below. NUL never occurs in a text label file, so
  // making it the quote character turns quoting off.
  if (options.whitespace) text = text.pipeThrough(replaceTabs());
  const config = options.whitespace
    ? { ...CSV_CONFIG, newline: '\n' as const, delimiter: ' ', quoteChar: '\u0000' }
    : { ...CSV_CONFIG, newline: '\n' as const };
  return new Promise((resolve, reject) => {
    let line = 1;
    let failure: unknown;
    const input = streamInput(text);
    Papa.parse<string[]>(input as unknown as NodeJS.ReadableStream, {
      ...config,
      skipEmptyLines: false,
      step(result, parser) {
        const raw = result.data;
        const start = line;
        for (const field of raw)
          for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) line++;
        line++;
        if (!failure && result.errors.some((e) => e.code === 'MissingQuotes')) {
          failure = new Error(`line ${start}: a quoted field is never closed`);
        }
        const fields = options.whitespace ? raw.filter((f) => f !== '') : raw;
        const blank = fields.length === 0 || (fields.length === 1 && fields[0].trim() === '');
        if (!failure && !blank) {
          try {
            if (onRow(fields, start) === false) stop();
          } catch (error) {
            failure = error;
          }
        }
        if (failure) stop();
        function stop() {
          input.halt();
          parser.abort();
        }
      },
      complete: () => (failure ? reject(failure) : resolve()),
      error: (error) => reject(failure ?? error),
    });
  });
}

function unixNewlines(): TransformStream<string, string> {
  let carry = '';
  return new TransformStream({
    transform(chunk, out) {
      let text = carry + chunk;
      carry = '';
      // A CR at the end may be the first half of a CRLF split across chunks.
      if (text.endsWith('\r')) {
        carry = '\r';
        text = text.slice(0, -1);
      }
      if (text) out.enqueue(text.replace(/\r\n?/g, '\n'));
    },
    flush(out) {
      if (carry) out.enqueue('\n');
    },
  });
}

function replaceTabs(): TransformStream<string, string> {
  return new TransformStream({ transform: (chunk, out) => out.enqueue(chunk.replace(/\t/g, ' ')) });
}

type Listener = (value?: unknown) => void;

/**
 * The Node-style readable papaparse's streaming mode consumes (`on('data' | 'end' | 'error')`),
 * fed from a web ReadableStream of text, so one code path serves Node, the Worker and tests.
 */
function streamInput(text: ReadableStream<string>) {
  const listeners: Record<string, Listener[]> = { data: [], end: [], error: [] };
  const emit = (event: string, value?: unknown) => [...listeners[event]].forEach((fn) => fn(value));
  const reader = text.getReader();
  let halted = false;
  let started = false;
  const pump = async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (halted) return;
        if (done) break;
        if (value) emit('data', value);
      }
      emit('end');
    } catch (error) {
      if (!halted) emit('error', error);
    }
  };
  return {
    readable: true,
    read: () => null,
    pause: () => {},
    resume: () => {},
    on(event: string, fn: Listener) {
      listeners[event]?.push(fn);
      if (event === 'data' && !started) {
        started = true;
        queueMicrotask(() => void pump());
      }
      return this;
    },
    removeListener(event: string, fn: Listener) {
      listeners[event] = (listeners[event] ?? []).filter((f) => f !== fn);
      return this;
    },
    halt() {
      halted = true;
      void reader.cancel().catch(() => {});
    },
  };
}
