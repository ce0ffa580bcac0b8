/**
 * What the "camera" does to a rendered float image (HWC, 0–1): directional lighting,
 * occlusion, then the per-group quality (blur, contrast, brightness, noise), then
 * quantisation to uint8.
 */
import type { Rng } from '../../util/rng';
import type { Occlusion } from './appearance';
import { luminance } from './canvas';
import type { ImageQuality } from './config';

/** Multiplies pixels by 1 + strength · (position along the light direction), position in −1…1. */
export function applyLighting(
  pixels: Float32Array,
  size: number,
  channels: number,
  angle: number,
  strength: number,
): void {
  if (strength === 0) return;
  const dx = Math.cos(angle) * strength;
  const dy = Math.sin(angle) * strength;
  for (let y = 0; y < size; y++) {
    const fy = ((y + 0.5) / size) * 2 - 1;
    for (let x = 0; x < size; x++) {
      const gain = 1 + dx * (((x + 0.5) / size) * 2 - 1) + dy * fy;
      const i = (y * size + x) * channels;
      for (let c = 0; c < channels; c++) pixels[i + c] *= gain;
    }
  }
}

export function applyOcclusion(
  pixels: Float32Array,
  size: number,
  channels: number,
  occlusion: Occlusion,
): void {
  const x0 = Math.round(occlusion.x0 * size);
  const x1 = Math.round(occlusion.x1 * size);
  const y0 = Math.round(occlusion.y0 * size);
  const y1 = Math.round(occlusion.y1 * size);
  const colour = channels === 1 ? [luminance(occlusion.colour)] : occlusion.colour;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * size + x) * channels;
      for (let c = 0; c < channels; c++) pixels[i + c] = colour[c];
    }
  }
}

/** Normalised 1-D Gaussian kernel with radius ⌈2.5σ⌉. */
export function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.ceil(2.5 * sigma);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const w = Math.exp(-(k * k) / (2 * sigma * sigma));
    kernel[k + radius] = w;
    sum += w;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] /= sum;
  return kernel;
}

/** Separable Gaussian blur with clamped edges; `scratch` must be as long as `pixels`. */
export function gaussianBlur(
  pixels: Float32Array,
  scratch: Float32Array,
  size: number,
  channels: number,
  kernel: Float32Array,
): void {
  const radius = (kernel.length - 1) / 2;
  const last = size - 1;
  const pass = (from: Float32Array, to: Float32Array, horizontal: boolean) => {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < channels; c++) {
          let sum = 0;
          for (let k = -radius; k <= radius; k++) {
            const sx = horizontal ? Math.min(last, Math.max(0, x + k)) : x;
            const sy = horizontal ? y : Math.min(last, Math.max(0, y + k));
            sum += kernel[k + radius] * from[(sy * size + sx) * channels + c];
          }
          to[(y * size + x) * channels + c] = sum;
        }
      }
    }
  };
  pass(pixels, scratch, true);
  pass(scratch, pixels, false);
}

/** Contrast around mid-grey, then brightness, then Gaussian noise of `noiseSigma`. */
export function applyExposureAndNoise(
  pixels: Float32Array,
  contrast: number,
  brightness: number,
  noiseSigma: number,
  rng: Rng,
): void {
  const offset = 0.5 - 0.5 * contrast + brightness;
  for (let i = 0; i < pixels.length; i += 2) {
    let n0 = 0;
    let n1 = 0;
    if (noiseSigma > 0) {
      // Box–Muller, using both outputs.
      const r = noiseSigma * Math.sqrt(-2 * Math.log(1 - rng.next()));
      const t = 2 * Math.PI * rng.next();
      n0 = r * Math.cos(t);
      n1 = r * Math.sin(t);
    }
    pixels[i] = pixels[i] * contrast + offset + n0;
    if (i + 1 < pixels.length) pixels[i + 1] = pixels[i + 1] * contrast + offset + n1;
  }
}

/** Clamps to 0–1 and rounds to uint8, writing at `offset` of `out`. */
export function quantise(pixels: Float32Array, out: Uint8Array, offset: number): void {
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    out[offset + i] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
  }
}

/** The whole per-group degradation, in camera order: blur, exposure, noise. */
export function applyQuality(
  pixels: Float32Array,
  scratch: Float32Array,
  size: number,
  channels: number,
  quality: ImageQuality,
  kernel: Float32Array | null,
  baseNoise: number,
  rng: Rng,
): void {
  if (kernel) gaussianBlur(pixels, scratch, size, channels, kernel);
  const noise = Math.hypot(baseNoise, quality.noiseSigma);
  applyExposureAndNoise(pixels, quality.contrast, quality.brightness, noise, rng);
}
