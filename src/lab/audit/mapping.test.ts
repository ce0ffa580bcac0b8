import { describe, expect, it } from 'vitest';
import { checkLabelsAgainstDataset } from './check-mapping';
import { describeInput, toDatasetLabel, validateMapping, type AuditMapping } from './mapping';
import { emotionPreset, faceresGenderPreset } from './presets';

const good = faceresGenderPreset();

describe('mappings', () => {
  it('accepts the presets', () => {
    expect(validateMapping(faceresGenderPreset())).toBeDefined();
    expect(validateMapping(emotionPreset())).toBeDefined();
  });

  it('names the bad field', () => {
    const bad = (patch: Partial<AuditMapping['input']>) => () =>
      validateMapping({ ...good, input: { ...good.input, ...patch } });
    expect(bad({ size: [0, 224] })).toThrow(/input size/);
    expect(bad({ channels: 'rgba' as never })).toThrow(/channels must be rgb, bgr or gray/);
    expect(bad({ scale: { mean: [1, 2], std: [1, 1, 1] } })).toThrow(/mean and std need 1 or 3 numbers/);
    expect(bad({ cropFraction: 1.5 })).toThrow(/cropFraction/);
    const sameSides = { ...good, output: { ...good.output, negative: 'male' } } as AuditMapping;
    expect(() => validateMapping(sameSides)).toThrow(/both "male"/);
  });

  it('maps model labels to dataset labels', () => {
    expect(toDatasetLabel('man', { man: 'male' })).toBe('male');
    expect(toDatasetLabel('female', { man: 'male' })).toBe('female');
    const renamed = {
      ...good,
      output: { ...good.output, positive: 'man', negative: 'woman' },
    } as AuditMapping;
    expect(() => checkLabelsAgainstDataset(renamed, 'gender', ['male', 'female'])).toThrow(
      /"woman", "man" match no value of "gender"/,
    );
    const mapped = {
      ...renamed,
      output: { ...renamed.output, labelMap: { man: 'male', woman: 'female' } },
    } as AuditMapping;
    expect(checkLabelsAgainstDataset(mapped, 'gender', ['male', 'female'])).toEqual([]);
  });

  it('warns when a classifier predicts classes the dataset lacks', () => {
    const warnings = checkLabelsAgainstDataset(emotionPreset(), 'expression', [
      'happy',
      'sad',
      'neutral',
      'angry',
    ]);
    expect(warnings[0]).toMatch(/disgust, fear, surprise are not values of "expression"/);
  });

  it('describes the preprocessing in words', () => {
    expect(describeInput(good.input)).toBe('no crop, bilinear resize to 224×224; channels rgb; scale 0-255');
  });
});
