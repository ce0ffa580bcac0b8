/** `[first, count]` ranges covering 0..rows in `parts` pieces as equal as can be (none empty). */
export function splitRows(rows: number, parts: number): [number, number][] {
  const n = Math.max(1, Math.min(parts, rows));
  const ranges: [number, number][] = [];
  for (let i = 0, first = 0; i < n; i++) {
    const count = Math.floor(rows / n) + (i < rows % n ? 1 : 0);
    ranges.push([first, count]);
    first += count;
  }
  return ranges;
}
