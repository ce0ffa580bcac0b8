import { describe, expect, it } from 'vitest';
import { categorical, float, int } from '../distributions';
import { distributionToJson, jsonToDistribution } from './distribution-json';

// Written by Optuna 3.1 (`distribution_to_json`) for the same distributions.
const OPTUNA = {
  categorical: '{"name": "CategoricalDistribution", "attributes": {"choices": ["0", "1"]}}',
  logFloat:
    '{"name": "FloatDistribution", "attributes": {"step": null, "low": 1e-05, "high": 0.01, "log": true}}',
  int: '{"name": "IntDistribution", "attributes": {"log": false, "step": 1, "low": 2, "high": 6}}',
  stepFloat:
    '{"name": "FloatDistribution", "attributes": {"step": 0.25, "low": 0.0, "high": 1.0, "log": false}}',
};

describe('Optuna distribution JSON', () => {
  it('is written byte for byte as Optuna writes it', () => {
    expect(distributionToJson(categorical(['0', '1']))).toBe(OPTUNA.categorical);
    expect(distributionToJson(float(1e-5, 1e-2, true))).toBe(OPTUNA.logFloat);
    expect(distributionToJson(int(2, 6))).toBe(OPTUNA.int);
    expect(distributionToJson(float(0, 1, false, 0.25))).toBe(OPTUNA.stepFloat);
  });

  it('reads current and pre-3.0 names back', () => {
    expect(jsonToDistribution(OPTUNA.logFloat)).toEqual(float(1e-5, 1e-2, true));
    expect(jsonToDistribution(OPTUNA.int)).toEqual(int(2, 6));
    expect(jsonToDistribution(OPTUNA.categorical)).toEqual(categorical(['0', '1']));
    expect(
      jsonToDistribution('{"name": "LogUniformDistribution", "attributes": {"low": 0.1, "high": 1.0}}'),
    ).toEqual(float(0.1, 1, true));
    expect(() => jsonToDistribution('{"name": "Weird", "attributes": {}}')).toThrow(
      /unknown Optuna distribution/,
    );
  });
});
