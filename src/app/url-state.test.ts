import { describe, expect, it } from 'vitest';
import { LARGE_PRESET } from '../lab/data/synthetic/config';
import { defaultExperiment, hasDatasetSettings, readExperiment, writeExperiment } from './url-state';

describe('experiment state in the URL', () => {
  it('round-trips every field', () => {
    const state = {
      ...defaultExperiment(),
      backend: 'webgpu' as const,
      dataset: { ...LARGE_PRESET, seed: 9, correlation: 0.2 },
      architecture: { family: 'frnas-dpn' as const, params: { edges: '680', width: 0.16 } },
      head: 'arcface' as const,
      axes: { x: 'rank_ratio', y: 'error' as const },
    };
    state.train = {
      ...state.train,
      target: 'identity',
      task: 'identification',
      groupAttribute: 'age',
      schedule: { kind: 'cosine', warmupEpochs: 1, minFactor: 0 },
      augment: { flip: true, crop: 2 },
      epochs: 5,
      batchSize: 64,
      maxSteps: 7,
      seed: 4,
      optimizer: { name: 'sgd', learningRate: 0.28 },
    };
    const { state: back, problems } = readExperiment(`?${writeExperiment(state)}`);
    expect(problems).toEqual([]);
    expect(back).toEqual(state);
  });

  it('names a stored dataset that is not synthetic by id, instead of synthetic settings', () => {
    const state = { ...defaultExperiment(), data: 'utk-sample' };
    state.train = { ...state.train, target: 'gender', groupAttribute: 'race' };
    const query = writeExperiment(state);
    expect(query).toBe('data=utk-sample&task=gender&group=race');
    const { state: back, problems } = readExperiment(`?${query}`);
    expect(problems).toEqual([]);
    expect(back.data).toBe('utk-sample');
    expect(back.train.target).toBe('gender');
    expect(hasDatasetSettings(`?${query}`)).toBe(false);
    expect(hasDatasetSettings('?d.size=16&epochs=1')).toBe(true);
    expect(readExperiment('?data=').problems).toEqual([
      'URL parameter "data" must name a stored dataset (got an empty value)',
    ]);
  });

  it('gives the default (quick) experiment for an empty query', () => {
    expect(readExperiment('').state).toEqual(defaultExperiment());
    expect(writeExperiment(defaultExperiment())).not.toContain('backend');
  });

  it('reports bad parameters instead of ignoring them', () => {
    const { state, problems } = readExperiment('?backend=tpu&epochs=-2&d.size=500&model=vgg');
    expect(problems).toHaveLength(4);
    const bad = readExperiment('?arch=frnas-dpn&a.edges=69&head=sphere&opt=rmsprop');
    expect(bad.problems.join('\n')).toMatch(/edges must be three digits/);
    expect(bad.problems.join('\n')).toMatch(/"head" must be one of/);
    expect(bad.problems.join('\n')).toMatch(/"opt" must be one of/);
    expect(bad.state.architecture).toEqual(defaultExperiment().architecture);
    expect(problems.join('\n')).toMatch(/backend "tpu"/);
    expect(problems.join('\n')).toMatch(/epochs/);
    expect(problems.join('\n')).toMatch(/d\.size|imageSize/);
    expect(state).toEqual(defaultExperiment());
  });
});
