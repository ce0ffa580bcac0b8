/**
 * [first column, width] blocks covering 0..cols (a multiple of 4): as many of the widest as fit,
 * then narrower ones. A 4-wide tail beside 8-wide blocks, rather than 4-wide blocks throughout:
 * tiles of 4 columns hold too few accumulators to hide the multiply-add latency (bench/README.md).
 */
export function columnBlocks<W extends 4 | 8 | 16>(cols: number, widths: readonly W[]): [number, W][] {
  const blocks: [number, W][] = [];
  for (let col = 0; col < cols;) {
    const nr = widths.find((w) => cols - col >= w);
    if (nr === undefined) throw new Error(`columnBlocks: ${cols} columns is not a multiple of 4`);
    blocks.push([col, nr]);
    col += nr;
  }
  return blocks;
}
