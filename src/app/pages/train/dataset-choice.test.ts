import { describe, expect, it } from 'vitest';
import { QUICK_PRESET } from '../../../lab/data/synthetic/config';
import { defaultExperiment } from '../../url-state';
import { missingDatasetMessage, shownDataset, withDataset } from './dataset-choice';
import { synthetic, utk } from './test-fixtures';

describe('the dataset the Train page shows', () => {
  it('is the stored copy of the settings on screen, or the one `data=` names, never just the last stored', () => {
    const e = defaultExperiment();
    expect(shownDataset(e, [synthetic, utk])?.id).toBe('synthetic-1');
    expect(shownDataset({ ...e, dataset: { ...QUICK_PRESET, seed: 2 } }, [synthetic, utk])).toBeNull();
    expect(shownDataset({ ...e, data: 'utk-sample' }, [synthetic, utk])?.id).toBe('utk-sample');
    expect(shownDataset({ ...e, data: 'gone' }, [synthetic, utk])).toBeNull();
  });

  it('choosing a stored dataset puts its settings (or its id) in the experiment', () => {
    const chosen = withDataset({ ...defaultExperiment(), data: 'utk-sample' }, synthetic);
    expect(chosen.data).toBeUndefined();
    expect(chosen.dataset).toEqual(QUICK_PRESET);
    const imported = withDataset(defaultExperiment(), utk);
    expect(imported.data).toBe('utk-sample');
    expect(imported.train.target).toBe('gender');
  });

  it('says whether a link or the settings describe a dataset not generated yet', () => {
    expect(missingDatasetMessage(defaultExperiment(), true)).toBe(
      'This link describes a dataset you have not generated yet.',
    );
    expect(missingDatasetMessage(defaultExperiment(), false)).toMatch(/^These settings describe/);
    expect(missingDatasetMessage({ ...defaultExperiment(), data: 'gone' }, true)).toMatch(
      /not stored in this browser/,
    );
  });
});
