import type { DecodedImage } from '../decode/types';

/** Crops the largest centred square (the shorter side is kept whole). */
export function centerCropSquare(image: DecodedImage): DecodedImage {
  const { width, height, channels, data } = image;
  if (width === height) return image;
  const side = Math.min(width, height);
  const x0 = Math.floor((width - side) / 2);
  const y0 = Math.floor((height - side) / 2);
  const out = new Uint8Array(side * side * channels);
  const rowBytes = side * channels;
  for (let y = 0; y < side; y++) {
    const src = ((y0 + y) * width + x0) * channels;
    out.set(data.subarray(src, src + rowBytes), y * rowBytes);
  }
  return { width: side, height: side, channels, data: out };
}
