import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../url-state';
import { fitTask, groupChoices, resolvedGroup, taskChoices, untrainableReason } from './task-choices';
import { attr, manifest, synthetic, utk } from './test-fixtures';

describe('task and groups from the dataset', () => {
  it('offers UTKFace’s gender, race and age band as targets and the other sensitive attributes as groups', () => {
    expect(taskChoices(utk).map((c) => c.target)).toEqual(['gender', 'race', 'age_band']);
    expect(groupChoices(utk, 'gender')).toEqual(['race', 'age_band']);
    expect(resolvedGroup(utk, { ...defaultExperiment().train, target: 'gender' })).toBe('race');
  });

  it('says before training why a dataset or a setting does not fit, and what to choose', () => {
    const train = defaultExperiment().train; // target: expression
    expect(untrainableReason(utk, train)).toBe(
      '"utk-sample" has no attribute "expression" to learn: choose a task from its attributes (gender, race, age_band).',
    );
    expect(untrainableReason(utk, { ...train, target: 'gender' })).toBeNull();
    expect(untrainableReason(utk, { ...train, target: 'gender', groupAttribute: 'gender' })).toMatch(
      /cannot compare groups of "gender" for this task: choose groups from race, age_band/,
    );
    const oneAttribute = manifest({ categorical: [attr('gender', ['female', 'male'], true)] });
    expect(untrainableReason(oneAttribute, { ...train, target: 'gender' })).toMatch(
      /no sensitive attribute besides "gender"/,
    );
    expect(untrainableReason(manifest({ categorical: [attr('x', ['only'], false)] }))).toMatch(
      /no categorical attribute with two or more values/,
    );
    expect(untrainableReason(manifest({ split: { counts: { train: 0 } } } as never))).toMatch(
      /no training images/,
    );
  });

  it('fits the experiment to a chosen dataset: a target it has, groups it can compare', () => {
    const fitted = fitTask(defaultExperiment(), utk);
    expect(fitted.train.target).toBe('gender');
    expect(fitted.train.task).toBe('classification');
    expect(untrainableReason(utk, fitted.train)).toBeNull();
    const identity = fitTask(
      { ...defaultExperiment(), train: { ...defaultExperiment().train, target: 'identity' } },
      synthetic,
    );
    expect(identity.train.target).toBe('identity');
  });
});
