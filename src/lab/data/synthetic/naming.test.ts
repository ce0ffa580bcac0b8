import { describe, expect, it } from 'vitest';
import { LARGE_PRESET, QUICK_PRESET, neutralConfig, type SyntheticConfig } from './config';
import { configFromSearchParams } from './url';
import type { DatasetManifest } from '../types';
import { biasDescription, legacySyntheticDatasetName, syntheticDatasetName, withCurrentName } from './naming';

const withDark = (config: SyntheticConfig, patch: Partial<SyntheticConfig['skin'][number]>) => ({
  ...config,
  skin: config.skin.map((g, i) => (i === 1 ? { ...g, ...patch } : g)),
});

describe('synthetic dataset names', () => {
  it('say "default bias" or "neutral", then size, colour and seed', () => {
    expect(syntheticDatasetName(QUICK_PRESET)).toBe(
      'Synthetic faces: default bias · 2,400 × 24 px grey · seed 1',
    );
    expect(syntheticDatasetName(neutralConfig(LARGE_PRESET))).toBe(
      'Synthetic faces: neutral · 6,400 × 32 px RGB · seed 1',
    );
  });

  it('name every bias knob that is not at its default', () => {
    const shares = {
      ...QUICK_PRESET,
      skin: [
        { ...QUICK_PRESET.skin[0], proportion: 0.7 },
        { ...QUICK_PRESET.skin[1], proportion: 0.3 },
      ],
    };
    expect(biasDescription(shares)).toBe('dark 30% of faces');
    expect(biasDescription(withDark(QUICK_PRESET, { labelNoise: 0.05 }))).toBe('label noise dark 5%');
    expect(
      biasDescription(withDark(QUICK_PRESET, { quality: { ...QUICK_PRESET.skin[1].quality, blurPx: 1.2 } })),
    ).toBe('dark blur 1.2 px');
    expect(
      biasDescription(
        withDark(QUICK_PRESET, { quality: { contrast: 1, brightness: 0, blurPx: 0, noiseSigma: 0 } }),
      ),
    ).toBe('dark camera ideal');
    expect(biasDescription({ ...QUICK_PRESET, correlation: 0.2 })).toBe('correlation 0.2');
    expect(biasDescription({ ...withDark(QUICK_PRESET, { labelNoise: 0.3 }), correlation: 0, seed: 4 })).toBe(
      'label noise dark 30%, correlation 0',
    );
  });

  it('tell two differently biased datasets apart, and equal settings alike', () => {
    const a = configFromSearchParams(new URLSearchParams('size=16&ids=40&per=10'));
    const b = configFromSearchParams(new URLSearchParams('size=16&ids=40&per=10&ln=0,0.3'));
    const again = configFromSearchParams(new URLSearchParams('per=10&ids=40&size=16'));
    expect(syntheticDatasetName(a)).not.toBe(syntheticDatasetName(b));
    expect(syntheticDatasetName(a)).toBe(syntheticDatasetName(again));
    expect(syntheticDatasetName(b)).toContain('label noise dark 30%');
  });

  it('add image variation and an identity-disjoint split when they differ', () => {
    const config: SyntheticConfig = {
      ...neutralConfig(QUICK_PRESET),
      variation: { ...QUICK_PRESET.variation, occlusionRate: 0.2 },
      split: 'identity-disjoint',
    };
    expect(syntheticDatasetName(config)).toBe(
      'Synthetic faces: neutral, occlusion 20% · 2,400 × 24 px grey · seed 1 · identity-disjoint split',
    );
  });

  it('recognise the names datasets had before', () => {
    expect(legacySyntheticDatasetName(QUICK_PRESET)).toBe('Synthetic faces (2,400 × 24 px grey, seed 1)');
  });
});

describe('withCurrentName', () => {
  const manifest = (name: string, config: SyntheticConfig = QUICK_PRESET) =>
    ({ name, source: { kind: 'synthetic', config } }) as DatasetManifest;
  it('renames a dataset still under its old automatic name, and keeps every other name', () => {
    expect(withCurrentName(manifest('Synthetic faces (2,400 × 24 px grey, seed 1)')).name).toBe(
      syntheticDatasetName(QUICK_PRESET),
    );
    expect(withCurrentName(manifest('my run')).name).toBe('my run');
    const imported = { name: 'Synthetic faces (2,400 × 24 px grey, seed 1)', source: { kind: 'bundle' } };
    expect(withCurrentName(imported as DatasetManifest).name).toBe(imported.name);
  });
});
