import { vi } from 'vitest';

/** Runs a `lab` command in-process and parses what it printed with `console.log` as JSON (stderr muted). */
export async function captureJson<T = Record<string, unknown>>(
  run: (argv: string[]) => Promise<number>,
  argv: string[],
): Promise<{ code: number; json: T }> {
  const lines: string[] = [];
  const log = vi
    .spyOn(console, 'log')
    .mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await run(argv);
    return { code, json: JSON.parse(lines.join('\n')) as T };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}
