/**
 * Rows per block for the per-channel loops over row-major [rows, channels] data: whole rows of
 * about 8 KB. Those loops sweep a block once per 4 channels, so the block stays in L1 instead of
 * streaming the whole tensor channels / 4 times.
 */
export function rowBlock(channels: number): number {
  return Math.max(1, Math.floor(2048 / channels)) * channels;
}
