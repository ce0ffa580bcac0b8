import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SYNTHETIC_CONFIG,
  LARGE_PRESET,
  neutralConfig,
  QUICK_PRESET,
  type SyntheticConfig,
} from './config';
import {
  canonicalConfigString,
  configFromJson,
  configFromSearchParams,
  configToJson,
  configToSearchParams,
} from './url';

const threeGroups: SyntheticConfig = {
  ...DEFAULT_SYNTHETIC_CONFIG,
  seed: 4_000_000_000,
  skin: [
    {
      name: 'I-II',
      proportion: 0.5,
      quality: { contrast: 1, brightness: 0, blurPx: 0, noiseSigma: 0 },
      labelNoise: 0,
    },
    {
      name: 'III_IV',
      proportion: 0.3,
      quality: { contrast: 0.9, brightness: 0.05, blurPx: 0.3, noiseSigma: 0.01 },
      labelNoise: 0.1,
    },
    {
      name: 'V-VI',
      proportion: 0.2,
      quality: { contrast: 0.1, brightness: -0.5, blurPx: 4, noiseSigma: 0.5 },
      labelNoise: 1 / 3,
    },
  ],
  age: [
    { name: 'child', proportion: 0.2 },
    { name: 'adult', proportion: 0.6 },
    { name: 'senior', proportion: 0.2 },
  ],
  correlation: 0.123456789,
  favouredExpression: 'sad',
  variation: { poseJitter: 0, lighting: 1, pixelNoise: 0.5, occlusionRate: 0.3 },
};

describe('synthetic config URL form', () => {
  it('round-trips exactly', () => {
    for (const config of [
      DEFAULT_SYNTHETIC_CONFIG,
      QUICK_PRESET,
      LARGE_PRESET,
      neutralConfig(LARGE_PRESET),
      threeGroups,
    ]) {
      const text = configToSearchParams(config).toString();
      expect(configFromSearchParams(new URLSearchParams(text))).toEqual(config);
    }
  });

  it('is compact: defaults write nothing, one change writes one key', () => {
    expect(configToSearchParams(DEFAULT_SYNTHETIC_CONFIG).toString()).toBe('');
    expect(configToSearchParams({ ...DEFAULT_SYNTHETIC_CONFIG, seed: 7 }).toString()).toBe('seed=7');
    expect(configToSearchParams(QUICK_PRESET).toString()).toBe('size=24&ids=160');
  });

  it('reads missing keys as defaults and ignores unrelated keys', () => {
    const config = configFromSearchParams(new URLSearchParams('seed=9&ch=3&model=cnn'));
    expect(config).toEqual({ ...DEFAULT_SYNTHETIC_CONFIG, seed: 9, channels: 3 });
  });

  it('supports a key prefix', () => {
    const params = configToSearchParams({ ...QUICK_PRESET, seed: 3 }, 'd.');
    expect([...params.keys()].every((key) => key.startsWith('d.'))).toBe(true);
    params.set('seed', '999');
    expect(configFromSearchParams(params, 'd.')).toEqual({ ...QUICK_PRESET, seed: 3 });
  });

  it('explains bad values', () => {
    const cases: [string, RegExp][] = [
      ['size=200', /imageSize must be an integer in 16–64 \(got 200\)/],
      ['size=big', /"size": "big" is not a number/],
      ['seed=', /"seed": "" is not a number/],
      ['skin=light:0.5,dark:0.2', /skin proportions must be summing to 1/],
      ['skin=light', /expected name:proportion/],
      ['skin=a:0.5,b:0.3,c:0.2&q=1/0/0/0,1/0/0/0', /"q": expected one entry per skin group \(3\), got 2/],
      ['ln=0.1', /"ln": expected 2 values/],
      ['q=1/0/0,1/0/0/0', /"q": expected 4 values/],
      ['var=1/2/3', /"var": expected 4 values/],
      ['fav=angry', /favouredExpression/],
      ['ch=2', /channels must be 1 or 3/],
    ];
    for (const [text, message] of cases) {
      expect(() => configFromSearchParams(new URLSearchParams(text)), text).toThrow(message);
    }
  });

  it('fills per-group knobs of extra groups with ideal values when only the groups are given', () => {
    const config = configFromSearchParams(new URLSearchParams('skin=a:0.5,b:0.3,c:0.2'));
    expect(config.skin.map((g) => g.labelNoise)).toEqual([0, 0.15, 0]);
    expect(config.skin[2].quality).toEqual({ contrast: 1, brightness: 0, blurPx: 0, noiseSigma: 0 });
  });
});

describe('synthetic config JSON form', () => {
  it('round-trips exactly', () => {
    for (const config of [DEFAULT_SYNTHETIC_CONFIG, LARGE_PRESET, threeGroups]) {
      expect(configFromJson(configToJson(config))).toEqual(config);
    }
  });

  it('fills missing fields with defaults and rejects bad ones', () => {
    expect(configFromJson('{"seed":5,"variation":{"lighting":0}}')).toEqual({
      ...DEFAULT_SYNTHETIC_CONFIG,
      seed: 5,
      variation: { ...DEFAULT_SYNTHETIC_CONFIG.variation, lighting: 0 },
    });
    expect(() => configFromJson('{"imageSize":8}')).toThrow(/imageSize/);
    expect(() => configFromJson('[1]')).toThrow(/must be an object/);
    expect(() => configFromJson('{oops')).toThrow(/not valid JSON/);
  });

  it('gives equal configs the same canonical string, whatever their key order', () => {
    const reordered = JSON.parse(
      JSON.stringify(threeGroups, Object.keys(threeGroups).reverse()),
    ) as SyntheticConfig;
    expect(canonicalConfigString({ ...reordered, ...threeGroups })).toBe(canonicalConfigString(threeGroups));
    expect(canonicalConfigString({ ...threeGroups, seed: 1 })).not.toBe(canonicalConfigString(threeGroups));
  });
});

describe('the split setting', () => {
  it('round-trips identity-disjoint, keeps the default out of the URL and out of the dataset id', () => {
    const config = { ...DEFAULT_SYNTHETIC_CONFIG, split: 'identity-disjoint' as const };
    const params = configToSearchParams(config, 'd.');
    expect(params.get('d.split')).toBe('identity-disjoint');
    expect(configFromSearchParams(params, 'd.')).toEqual(config);
    expect(configToSearchParams(DEFAULT_SYNTHETIC_CONFIG).has('split')).toBe(false);
    expect(canonicalConfigString({ ...DEFAULT_SYNTHETIC_CONFIG, split: 'stratified' })).toBe(
      canonicalConfigString(DEFAULT_SYNTHETIC_CONFIG),
    );
    expect(() => configFromSearchParams(new URLSearchParams('split=random'))).toThrow(/split must be/);
  });
});
