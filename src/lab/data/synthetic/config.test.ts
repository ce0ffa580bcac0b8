import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SYNTHETIC_CONFIG,
  LARGE_PRESET,
  NEUTRAL_QUALITY,
  neutralConfig,
  QUICK_PRESET,
  syntheticImageCount,
  validateSyntheticConfig,
  type SyntheticConfig,
} from './config';

const withChanges = (changes: Partial<SyntheticConfig>): SyntheticConfig => ({
  ...DEFAULT_SYNTHETIC_CONFIG,
  ...changes,
});

describe('synthetic config', () => {
  it('accepts the defaults and presets', () => {
    for (const config of [DEFAULT_SYNTHETIC_CONFIG, QUICK_PRESET, LARGE_PRESET]) {
      expect(() => validateSyntheticConfig(config)).not.toThrow();
      expect(() => validateSyntheticConfig(neutralConfig(config))).not.toThrow();
    }
  });

  it('keeps the quick preset cheap and the large preset large', () => {
    expect(syntheticImageCount(QUICK_PRESET)).toBeGreaterThanOrEqual(2000);
    expect(syntheticImageCount(QUICK_PRESET)).toBeLessThanOrEqual(3000);
    expect(QUICK_PRESET.imageSize).toBeLessThanOrEqual(24);
    expect(QUICK_PRESET.channels).toBe(1);
    expect(syntheticImageCount(LARGE_PRESET)).toBeGreaterThanOrEqual(6000);
    expect(LARGE_PRESET).toMatchObject({ imageSize: 32, channels: 3 });
  });

  it('biases the defaults against the second group', () => {
    const [a, b] = DEFAULT_SYNTHETIC_CONFIG.skin;
    expect(a.proportion).toBeGreaterThan(b.proportion);
    expect(b.labelNoise).toBeGreaterThan(a.labelNoise);
    expect(b.quality.noiseSigma).toBeGreaterThan(a.quality.noiseSigma);
    expect(b.quality.blurPx).toBeGreaterThan(a.quality.blurPx);
    expect(b.quality.contrast).toBeLessThan(a.quality.contrast);
    expect(DEFAULT_SYNTHETIC_CONFIG.correlation).toBeGreaterThan(0);
  });

  it('neutralConfig equalises every bias knob and keeps the rest', () => {
    const config = neutralConfig({
      ...DEFAULT_SYNTHETIC_CONFIG,
      skin: [
        ...DEFAULT_SYNTHETIC_CONFIG.skin.map((g) => ({ ...g, proportion: 0.4 })),
        { ...DEFAULT_SYNTHETIC_CONFIG.skin[1], name: 'medium', proportion: 0.2 },
      ],
    });
    expect(config.skin.map((g) => g.name)).toEqual(['light', 'dark', 'medium']);
    for (const group of config.skin) {
      expect(group.proportion).toBeCloseTo(1 / 3);
      expect(group.quality).toEqual(NEUTRAL_QUALITY);
      expect(group.labelNoise).toBe(0);
    }
    expect(config.age.map((a) => a.proportion)).toEqual([0.5, 0.5]);
    expect(config.correlation).toBe(0);
    expect(config.seed).toBe(DEFAULT_SYNTHETIC_CONFIG.seed);
    expect(config.variation).toEqual(DEFAULT_SYNTHETIC_CONFIG.variation);
    expect(() => validateSyntheticConfig(config)).not.toThrow();
  });

  it('rejects out-of-range and malformed values with the field name', () => {
    const [a, b] = DEFAULT_SYNTHETIC_CONFIG.skin;
    const cases: [Partial<SyntheticConfig>, RegExp][] = [
      [{ imageSize: 200 }, /imageSize must be an integer in 16–64 \(got 200\)/],
      [{ imageSize: 31.5 }, /imageSize/],
      [{ channels: 2 as 1 }, /channels must be 1 or 3/],
      [{ seed: -1 }, /seed/],
      [{ nIdentities: 0 }, /nIdentities/],
      [{ imagesPerIdentity: 1.5 }, /imagesPerIdentity/],
      [{ nIdentities: 100_000, imagesPerIdentity: 100 }, /number of images/],
      [{ skin: [{ ...a, proportion: 0.7 }, b] }, /skin proportions must be summing to 1/],
      [{ skin: [a] }, /skin must be a list of 2–8 groups/],
      [{ skin: [a, { ...b, name: 'light' }] }, /skin\[1\]\.name must be unique/],
      [{ skin: [a, { ...b, name: 'dark skin' }] }, /skin\[1\]\.name/],
      [{ skin: [a, { ...b, labelNoise: 1.5 }] }, /skin\[1\]\.labelNoise/],
      [{ skin: [a, { ...b, quality: { ...b.quality, blurPx: 9 } }] }, /skin\[1\]\.quality\.blurPx/],
      [{ skin: [a, { ...b, quality: { ...b.quality, contrast: 0 } }] }, /skin\[1\]\.quality\.contrast/],
      [{ age: [{ name: 'young', proportion: 0.5 }] }, /age proportions/],
      [{ correlation: 2 }, /correlation/],
      [
        { favouredExpression: 'angry' as 'happy' },
        /favouredExpression must be one of neutral, happy, sad, surprised/,
      ],
      [
        { variation: { ...DEFAULT_SYNTHETIC_CONFIG.variation, occlusionRate: -0.1 } },
        /variation\.occlusionRate/,
      ],
    ];
    for (const [changes, message] of cases) {
      expect(() => validateSyntheticConfig(withChanges(changes)), JSON.stringify(changes)).toThrow(message);
    }
  });
});
