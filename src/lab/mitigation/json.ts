/**
 * JSON for post-processing results: thresholds may be ±Infinity, which JSON cannot hold, so
 * they are written as the strings "inf" and "-inf" (as Fairlearn prints them) and read back.
 */
export function toJsonText(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v),
    indent,
  );
}

export function fromJsonText<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v)) as T;
}
