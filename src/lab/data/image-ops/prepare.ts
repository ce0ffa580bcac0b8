import type { DecodedImage } from '../decode/types';
import { toChannels } from './channels';
import { centerCropSquare } from './crop';
import { resizeImage } from './resize';

export const DEFAULT_IMAGE_SIZE = 64;
export const MIN_IMAGE_SIZE = 16;
export const MAX_IMAGE_SIZE = 128;

export function validateImageSize(size: number): number {
  if (!Number.isInteger(size) || size < MIN_IMAGE_SIZE || size > MAX_IMAGE_SIZE) {
    throw new Error(
      `Image size must be an integer from ${MIN_IMAGE_SIZE} to ${MAX_IMAGE_SIZE} (got ${size})`,
    );
  }
  return size;
}

/** Decoded image → the stored form: centre square crop, resized to size×size, 1 or 3 channels. */
export function prepareImage(image: DecodedImage, size: number, channels: 1 | 3): Uint8Array {
  // Convert channels first: fewer bytes to crop and resize.
  const converted = toChannels(image, channels);
  return resizeImage(centerCropSquare(converted), size, size).data;
}
