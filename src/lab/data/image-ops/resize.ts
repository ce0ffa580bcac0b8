import type { DecodedImage } from '../decode/types';

/** Above this downscale factor, bilinear aliases; area averaging is used instead. */
export const AREA_THRESHOLD = 2;

/** Source pixels and weights contributing to each destination pixel along one axis. */
interface Taps {
  start: Int32Array;
  count: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

/**
 * Resizes with bilinear interpolation (pixel centres aligned), or with exact area averaging
 * along an axis that shrinks by more than AREA_THRESHOLD×. Separable; rounds to uint8.
 */
export function resizeImage(image: DecodedImage, width: number, height: number): DecodedImage {
  if (!(width >= 1 && height >= 1)) throw new Error(`Resize target must be ≥ 1×1 (got ${width}×${height})`);
  if (image.width === width && image.height === height) return image;
  const { channels, data } = image;
  const xTaps = axisTaps(image.width, width);
  const yTaps = axisTaps(image.height, height);
  // Horizontal pass: image.height rows × width columns, in float.
  const mid = new Float32Array(image.height * width * channels);
  for (let y = 0; y < image.height; y++) {
    const srcRow = y * image.width * channels;
    const dstRow = y * width * channels;
    for (let x = 0; x < width; x++) {
      for (let t = xTaps.start[x]; t < xTaps.start[x] + xTaps.count[x]; t++) {
        const src = srcRow + xTaps.index[t] * channels;
        const w = xTaps.weight[t];
        for (let c = 0; c < channels; c++) mid[dstRow + x * channels + c] += w * data[src + c];
      }
    }
  }
  // Vertical pass.
  const out = new Uint8Array(width * height * channels);
  const rowLength = width * channels;
  const acc = new Float32Array(rowLength);
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    for (let t = yTaps.start[y]; t < yTaps.start[y] + yTaps.count[y]; t++) {
      const src = yTaps.index[t] * rowLength;
      const w = yTaps.weight[t];
      for (let i = 0; i < rowLength; i++) acc[i] += w * mid[src + i];
    }
    for (let i = 0; i < rowLength; i++)
      out[y * rowLength + i] = Math.min(255, Math.max(0, Math.round(acc[i])));
  }
  return { width, height, channels, data: out };
}

function axisTaps(from: number, to: number): Taps {
  const scale = from / to;
  const area = scale > AREA_THRESHOLD;
  const maxTaps = area ? Math.ceil(scale) + 1 : 2;
  const taps: Taps = {
    start: new Int32Array(to),
    count: new Int32Array(to),
    index: new Int32Array(to * maxTaps),
    weight: new Float32Array(to * maxTaps),
  };
  let n = 0;
  const push = (index: number, weight: number) => {
    taps.index[n] = index;
    taps.weight[n++] = weight;
  };
  for (let i = 0; i < to; i++) {
    taps.start[i] = n;
    if (area) {
      const lo = i * scale;
      const hi = Math.min(from, (i + 1) * scale);
      for (let k = Math.floor(lo); k < hi; k++) {
        const overlap = Math.min(hi, k + 1) - Math.max(lo, k);
        if (overlap > 0) push(k, overlap / (hi - lo));
      }
    } else {
      const centre = Math.min(from - 1, Math.max(0, (i + 0.5) * scale - 0.5));
      const k = Math.floor(centre);
      const f = centre - k;
      push(k, 1 - f);
      if (f > 0) push(k + 1, f);
    }
    taps.count[i] = n - taps.start[i];
  }
  return taps;
}
