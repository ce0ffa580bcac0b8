import { describe, expect, it } from 'vitest';
import { checkLabelsAgainstDataset, namesCorrespond } from './check-mapping';
import { describeInput, toDatasetLabel, validateMapping, type AuditMapping } from './mapping';
import { emotionPreset, faceresGenderPreset, labModelPreset } from './presets';

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
    // man / woman plainly stand for male / female: the message offers exactly that label map.
    expect(() => checkLabelsAgainstDataset(renamed, 'gender', ['male', 'female'])).toThrow(
      'The model\'s labels do not fit "gender" (male, female): model labels "woman", "man" have no value of "gender", ' +
        'and values "male", "female" of "gender" are predicted by no model label. ' +
        'The names look alike: use the label map {"woman":"female","man":"male"}.',
    );
    const mapped = {
      ...renamed,
      output: { ...renamed.output, labelMap: { man: 'male', woman: 'female' } },
    } as AuditMapping;
    expect(checkLabelsAgainstDataset(mapped, 'gender', ['male', 'female'])).toEqual([]);
  });

  it('explains a target the labels cannot fit, and points at the attribute they belong to', () => {
    // A lab expression model against a dataset's gender: not a label map, another target.
    const expression: AuditMapping = {
      ...good,
      output: {
        kind: 'classes',
        output: 'logits',
        activation: 'softmax',
        classNames: ['neutral', 'happy', 'sad', 'surprised'],
      },
    };
    const attributes = [
      { name: 'gender', values: ['female', 'male'] },
      { name: 'expression', values: ['neutral', 'happy', 'sad', 'surprised'] },
    ];
    let message = '';
    try {
      checkLabelsAgainstDataset(expression, 'gender', ['female', 'male'], attributes);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      'model labels "neutral", "happy", "sad", "surprised" have no value of "gender", and values "female", "male" of "gender" are predicted by no model label',
    );
    expect(message).toContain('The model\'s labels are values of "expression": choose it as the target');
    expect(message).not.toMatch(/\{"neutral"/);
    // Nothing alike and no better target: no invented pairs.
    expect(() => checkLabelsAgainstDataset(expression, 'gender', ['female', 'male'])).toThrow(
      /Choose the attribute the model predicts as the target, or map each model label to a value of "gender"/,
    );
    // One side of a sigmoid missing is enough to refuse; the other side is not blamed.
    const half = { ...good, output: { ...good.output, negative: 'woman' } } as AuditMapping;
    expect(() => checkLabelsAgainstDataset(half, 'gender', ['male', 'female'])).toThrow(
      /model label "woman" has no value of "gender", and value "female" of "gender" is predicted by no model label\. The names look alike: use the label map \{"woman":"female"\}/,
    );
  });

  it('finds names that plainly correspond, and no others', () => {
    expect(namesCorrespond('surprise', 'surprised')).toBe(true);
    expect(namesCorrespond('Male', 'male')).toBe(true);
    expect(namesCorrespond('man', 'male')).toBe(true);
    expect(namesCorrespond('neutral', 'male')).toBe(false);
    expect(namesCorrespond('m', 'mid')).toBe(false);
  });

  it('warns when a classifier predicts classes the dataset lacks', () => {
    const warnings = checkLabelsAgainstDataset(emotionPreset(), 'expression', [
      'happy',
      'sad',
      'neutral',
      'angry',
    ]);
    expect(warnings[0]).toMatch(/disgust, fear, surprise are not values of "expression"/);
    const fewer = checkLabelsAgainstDataset(emotionPreset(), 'expression', ['happy', 'bored']);
    expect(fewer[1]).toMatch(/values bored of "expression" are predicted by no model label/);
  });

  it('describes the preprocessing in words', () => {
    expect(describeInput(good.input)).toBe(
      'no crop, bilinear resize (legacy) to 224×224; channels rgb; scale 0-255',
    );
  });

  it("uses each preset model's own resize convention", () => {
    // human resizes with tfjs resizeBilinear defaults; the lab's importer aligns pixel centres.
    expect(faceresGenderPreset().input.resizeConvention).toBe('legacy');
    expect(emotionPreset().input.resizeConvention).toBe('legacy');
    const info = {
      inputs: [{ name: 'x', shape: [null, 24, 24, 1] }],
      outputs: [{ name: 'logits', shape: [null, 4] }],
    };
    const lab = labModelPreset(info as never, { classNames: ['a', 'b', 'c', 'd'], target: 'expression' });
    expect(lab.input.resizeConvention).toBe('half-pixel');
    const old = { ...good.input, resizeConvention: undefined };
    expect(describeInput(old)).toContain('bilinear resize (half-pixel)');
    expect(() =>
      validateMapping({ ...good, input: { ...good.input, resizeConvention: 'corners' as never } }),
    ).toThrow(/resizeConvention must be half-pixel, legacy, align-corners/);
  });
});
