import type { DecodedImage } from '../decode/types';

/**
 * Converts to 1 (gray, BT.601 luma) or 3 (RGB) channels. Alpha is dropped, not composited:
 * face crops are opaque.
 */
export function toChannels(image: DecodedImage, channels: 1 | 3): DecodedImage {
  const { width, height, data, channels: from } = image;
  if (from === channels) return image;
  const n = width * height;
  const out = new Uint8Array(n * channels);
  if (channels === 3 && from === 1) {
    for (let i = 0; i < n; i++) out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = data[i];
  } else if (channels === 3) {
    for (let i = 0; i < n; i++) {
      out[3 * i] = data[from * i];
      out[3 * i + 1] = data[from * i + 1];
      out[3 * i + 2] = data[from * i + 2];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const o = from * i;
      out[i] = Math.round(0.299 * data[o] + 0.587 * data[o + 1] + 0.114 * data[o + 2]);
    }
  }
  return { width, height, channels, data: out };
}
