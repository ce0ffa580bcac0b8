import { DecodeError, type DecodedImage } from './types';

/**
 * Netpbm: PGM (P2 ASCII, P5 binary) → 1 channel, PPM (P3, P6) → 3 channels.
 * Max values above 255 (16-bit) are rescaled to 8 bits.
 */
export function decodePnm(bytes: Uint8Array, name: string): DecodedImage {
  const fail = (reason: string): never => {
    throw new DecodeError(name, reason);
  };
  const magic = String.fromCharCode(bytes[0], bytes[1]);
  const ascii = magic === 'P2' || magic === 'P3';
  const channels: 1 | 3 = magic === 'P2' || magic === 'P5' ? 1 : 3;
  let pos = 2;
  /** Next whitespace-separated decimal token, skipping '#' comments. */
  const token = (): number => {
    while (pos < bytes.length) {
      const c = bytes[pos];
      if (c === 0x23) while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
      else if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) pos++;
      else break;
    }
    const start = pos;
    let value = 0;
    while (pos < bytes.length && bytes[pos] >= 0x30 && bytes[pos] <= 0x39)
      value = value * 10 + bytes[pos++] - 0x30;
    if (pos === start) fail(pos >= bytes.length ? `truncated ${magic} file` : `corrupt ${magic} header`);
    return value;
  };
  const width = token();
  const height = token();
  const maxval = token();
  if (width === 0 || height === 0) fail(`corrupt ${magic} (zero width or height)`);
  if (maxval === 0 || maxval > 65535) fail(`corrupt ${magic} (max value ${maxval})`);
  const n = width * height * channels;
  const out = new Uint8Array(n);
  const rescale = (v: number): number =>
    maxval === 255 ? v : Math.round((Math.min(v, maxval) * 255) / maxval);
  if (ascii) {
    for (let i = 0; i < n; i++) out[i] = rescale(token());
  } else {
    pos++; // exactly one whitespace byte separates the header from the raster
    const wide = maxval > 255;
    if (pos + n * (wide ? 2 : 1) > bytes.length) fail(`truncated ${magic} raster`);
    for (let i = 0; i < n; i++) {
      out[i] = rescale(wide ? (bytes[pos + 2 * i] << 8) | bytes[pos + 2 * i + 1] : bytes[pos + i]);
    }
  }
  return { width, height, channels, data: out };
}
