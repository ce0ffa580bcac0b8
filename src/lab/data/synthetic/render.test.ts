import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNTHETIC_CONFIG, NEUTRAL_QUALITY, type ImageQuality, type SyntheticConfig } from './config';
import { planSyntheticDataset, renderSyntheticImages, syntheticShards } from './images';

const small: SyntheticConfig = { ...DEFAULT_SYNTHETIC_CONFIG, nIdentities: 40, imagesPerIdentity: 5 };
const bytesPerImage = small.imageSize * small.imageSize * small.channels;

describe('synthetic renderer', () => {
  it('is deterministic: same config, same bytes and labels', () => {
    const a = renderSyntheticImages(small, 0, 200);
    const b = renderSyntheticImages(structuredClone(small), 0, 200);
    expect(Buffer.from(a.pixels).equals(Buffer.from(b.pixels))).toBe(true);
    expect(a.categorical).toEqual(b.categorical);
    expect(a.split).toEqual(b.split);
  });

  it('renders any range alone exactly as in the whole', () => {
    const whole = renderSyntheticImages(small, 0, 200);
    const part = renderSyntheticImages(small, 37, 11);
    expect(part.pixels).toEqual(whole.pixels.subarray(37 * bytesPerImage, 48 * bytesPerImage));
    expect(part.categorical.expression).toEqual(whole.categorical.expression.subarray(37, 48));
    const shards = [...syntheticShards(small, 64)];
    expect(shards.map((s) => s.n)).toEqual([64, 64, 64, 8]);
    expect(shards[2].pixels).toEqual(whole.pixels.subarray(128 * bytesPerImage, 192 * bytesPerImage));
    expect(shards[2].index).toBe(2);
  });

  it('changes with the seed', () => {
    const a = renderSyntheticImages(small, 0, 50);
    const b = renderSyntheticImages({ ...small, seed: 2 }, 0, 50);
    expect(Buffer.from(a.pixels).equals(Buffer.from(b.pixels))).toBe(false);
    expect(a.categorical.expression).not.toEqual(b.categorical.expression);
  });

  it('writes uint8 HWC of the configured size and channels, using the full range', () => {
    for (const [imageSize, channels] of [
      [16, 1],
      [24, 3],
      [64, 3],
    ] as const) {
      const images = renderSyntheticImages({ ...small, imageSize, channels }, 0, 8);
      expect(images.pixels.length).toBe(8 * imageSize * imageSize * channels);
      expect(Math.max(...images.pixels) - Math.min(...images.pixels)).toBeGreaterThan(150);
    }
  });

  it('draws the expressions differently around the mouth', () => {
    const config: SyntheticConfig = {
      ...small,
      variation: { poseJitter: 0, lighting: 0, pixelNoise: 0, occlusionRate: 0 },
      skin: small.skin.map((g) => ({ ...g, quality: NEUTRAL_QUALITY })),
    };
    const images = renderSyntheticImages(config, 0, 200);
    const mouthDarkness = meanPerExpression(images, config, (x, y) => y >= 20 && y < 27 && x >= 11 && x < 21);
    // Open mouths (happy, surprised) are darker than closed ones (neutral, sad).
    expect(Math.min(mouthDarkness[1], mouthDarkness[3])).toBeGreaterThan(
      Math.max(mouthDarkness[0], mouthDarkness[2]),
    );
  });
});

/** Per expression: mean darkness (255 − value) inside a pixel region, over all images of the first group. */
function meanPerExpression(
  images: ReturnType<typeof renderSyntheticImages>,
  config: SyntheticConfig,
  inRegion: (x: number, y: number) => boolean,
): number[] {
  const size = config.imageSize;
  const sums = [0, 0, 0, 0];
  const counts = [0, 0, 0, 0];
  for (let k = 0; k < images.n; k++) {
    if (images.categorical.skin[k] !== 0) continue;
    const e = images.categorical.expression_clean[k];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (!inRegion(x, y)) continue;
        sums[e] += 255 - images.pixels[k * size * size + y * size + x];
        counts[e]++;
      }
    }
  }
  return sums.map((s, e) => s / counts[e]);
}

describe('per-group image quality', () => {
  const clean: SyntheticConfig = {
    ...small,
    nIdentities: 50,
    imagesPerIdentity: 8,
    variation: { ...small.variation, pixelNoise: 0 },
    skin: small.skin.map((g) => ({ ...g, quality: NEUTRAL_QUALITY })),
  };
  const plan = planSyntheticDataset(clean);
  const sharp = renderSyntheticImages(plan, 0, plan.nImages);

  /** Renders with the second group's quality changed; the first group must stay byte-identical. */
  function degradeGroupB(quality: Partial<ImageQuality>) {
    const config = {
      ...clean,
      skin: [clean.skin[0], { ...clean.skin[1], quality: { ...NEUTRAL_QUALITY, ...quality } }],
    };
    const images = renderSyntheticImages(config, 0, plan.nImages);
    const groupStats = (group: number, source: typeof images) => statsOf(source, group, clean.imageSize);
    for (let k = 0; k < images.n; k++) {
      if (images.categorical.skin[k] !== 0) continue;
      const range = [k * bytesPerImage, (k + 1) * bytesPerImage] as const;
      expect(Buffer.from(images.pixels.subarray(...range)).equals(sharp.pixels.subarray(...range))).toBe(
        true,
      );
    }
    return { before: groupStats(1, sharp), after: groupStats(1, images) };
  }

  it('blur lowers high-frequency energy', () => {
    const { before, after } = degradeGroupB({ blurPx: 1 });
    expect(after.highFrequency).toBeLessThan(before.highFrequency * 0.6);
  });

  it('noise raises high-frequency energy and variance', () => {
    const { before, after } = degradeGroupB({ noiseSigma: 0.1 });
    expect(after.highFrequency).toBeGreaterThan(before.highFrequency * 1.5);
    expect(after.variance).toBeGreaterThan(before.variance);
  });

  it('contrast scales the spread and brightness shifts the mean', () => {
    const low = degradeGroupB({ contrast: 0.5 });
    expect(Math.sqrt(low.after.variance)).toBeCloseTo(Math.sqrt(low.before.variance) * 0.5, -1);
    const dark = degradeGroupB({ brightness: -0.1 });
    expect(dark.after.mean - dark.before.mean).toBeLessThan(-20);
  });
});

/** Mean, variance and mean squared horizontal neighbour difference over one group's images. */
function statsOf(images: ReturnType<typeof renderSyntheticImages>, group: number, size: number) {
  let sum = 0;
  let sumSq = 0;
  let diffSq = 0;
  let n = 0;
  let nDiff = 0;
  for (let k = 0; k < images.n; k++) {
    if (images.categorical.skin[k] !== group) continue;
    const base = k * size * size;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const v = images.pixels[base + y * size + x];
        sum += v;
        sumSq += v * v;
        n++;
        if (x > 0) {
          const d = v - images.pixels[base + y * size + x - 1];
          diffSq += d * d;
          nDiff++;
        }
      }
    }
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean, highFrequency: diffSq / nDiff };
}
