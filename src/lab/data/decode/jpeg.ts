import { decode } from 'jpeg-js';
import { jpegTruncation } from './jpeg-complete';
import { DecodeError, type DecodedImage } from './types';

/** Largest image accepted, in megapixels (a guard against decompression bombs). */
const MAX_MEGAPIXELS = 100;

/**
 * Baseline and progressive JPEG via jpeg-js (pure JS, runs in the Worker). Always 3 channels.
 * A truncated file is refused (see jpegTruncation), not decoded partly.
 */
export function decodeJpeg(bytes: Uint8Array, name: string): DecodedImage {
  const truncated = jpegTruncation(bytes);
  if (truncated) throw new DecodeError(name, truncated);
  let result: { width: number; height: number; data: Uint8Array };
  try {
    result = decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: true,
      maxResolutionInMP: MAX_MEGAPIXELS,
      maxMemoryUsageInMB: 1024,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DecodeError(name, `corrupt or truncated JPEG (${message})`);
  }
  const { width, height, data } = result;
  if (!(width > 0 && height > 0) || data.length !== width * height * 3) {
    throw new DecodeError(name, 'corrupt JPEG (no image data)');
  }
  return { width, height, channels: 3, data };
}
