import { describe, expect, it } from 'vitest';
import {
  applyPreset,
  defaultWorkers,
  formFromConfig,
  defaultSearchForm,
  formProblem,
  presetOf,
  readSearchForm,
  SEARCH_PRESETS,
  toStudyConfig,
  withSearchForm,
} from './search-form';

describe('search form', () => {
  it('round-trips every setting through the URL and keeps other parameters', () => {
    const defaults = defaultSearchForm(2);
    const form = {
      ...defaults,
      name: 'my study',
      datasetId: 'ds-1',
      sampler: 'nsga2' as const,
      trials: 9,
      minEpochs: 2,
      maxEpochs: 8,
      eta: 3,
      seed: 7,
      workers: 2,
      frnasWidth: 0.08,
      maxParameters: 50000,
      otherBaselines: true,
      mitigations: [{ method: 'flipped' as const }, { method: 'angular' as const, minorityMargin: 0.6 }],
    };
    const query = withSearchForm('backend=wasm&s.trials=3', form, defaults);
    expect(new URLSearchParams(query).get('backend')).toBe('wasm');
    const { form: read, problems } = readSearchForm(query, defaults);
    expect(problems).toEqual([]);
    expect(read).toEqual(form);
  });

  it('reports bad values and keeps the defaults for them', () => {
    const defaults = defaultSearchForm(2);
    const { form, problems } = readSearchForm('s.trials=0&s.sampler=tpe&s.mit=magic&s.colour=red', defaults);
    expect(form.trials).toBe(defaults.trials);
    expect(form.sampler).toBe(defaults.sampler);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/s\.trials.*whole number/);
    expect(problems.join('\n')).toMatch(/s\.sampler.*random, parego, nsga2/);
    expect(problems.join('\n')).toMatch(/Unknown mitigation "magic"/);
    expect(problems.join('\n')).toMatch(/s\.colour.*not a search setting/);
  });

  it('makes the worker config: Hyperband only when min < max, FR-NAS width only for its space', () => {
    const form = { ...defaultSearchForm(2), datasetId: 'ds', minEpochs: 2, maxEpochs: 2 };
    const flat = toStudyConfig(form);
    expect(flat.settings.minEpochs).toBeUndefined();
    expect(flat.settings.objectives).toEqual(['error', 'rank_disparity']);
    expect(flat.frnasWidth).toBe(form.frnasWidth);
    const conv = toStudyConfig({ ...form, space: 'conv', target: 'gender', minEpochs: 1, maxEpochs: 4 });
    expect(conv.settings).toMatchObject({
      minEpochs: 1,
      maxEpochs: 4,
      eta: 2,
      objectives: ['error', 'accuracy_difference'],
    });
    expect(conv.train.task).toBe('classification');
    expect(conv.frnasWidth).toBeUndefined();
  });

  it('says why a form cannot start, and recognises its presets', () => {
    const form = defaultSearchForm(2);
    expect(formProblem(form)).toMatch(/Choose a stored dataset/);
    expect(formProblem({ ...form, datasetId: 'd', target: 'gender' })).toMatch(/identity task/);
    expect(formProblem({ ...form, datasetId: 'd', minEpochs: 5, maxEpochs: 2 })).toMatch(/exceeds/);
    expect(formProblem({ ...form, datasetId: 'd' })).toBeNull();
    expect(formProblem({ ...form, datasetId: 'd', frnasWidth: 0.05 })).toMatch(
      /DPN width: groups 3 do not divide/,
    );
    for (const preset of SEARCH_PRESETS) expect(presetOf(applyPreset(form, preset))).toBe(preset.id);
    expect(presetOf({ ...form, trials: 123 })).toBe('custom');
  });

  it('reads a stored study back into the form that made it', () => {
    const form = {
      ...defaultSearchForm(2),
      name: 'x',
      datasetId: 'ds',
      groupAttribute: 'skin',
      disparity: 'rank_disparity',
      minEpochs: 1,
      maxEpochs: 4,
      mitigations: [{ method: 'flipped' as const }],
    };
    expect(formFromConfig('x', toStudyConfig(form), defaultSearchForm(2))).toEqual(form);
  });
});

describe('defaultWorkers', () => {
  it('runs one trial Worker per core, at least 1 and at most 4', () => {
    expect([1, 2, 3, 16].map(defaultWorkers)).toEqual([1, 2, 3, 4]);
  });
});
