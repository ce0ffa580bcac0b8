import { describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../../store/memory-store';
import { FAIRFACE_RACES } from './fairface';
import { importDataset } from './formats';
import { encodeJpeg, memorySource } from '../../test-support/import-fixtures';

function fairface(extraTrainRows: string[] = [], header = 'file,age,gender,race,service_test') {
  const jpeg = encodeJpeg(20, 20);
  const files: Record<string, Uint8Array | string> = {};
  const rows = { train: [header], val: [header] };
  for (const split of ['train', 'val'] as const) {
    for (let i = 1; i <= (split === 'train' ? 56 : 14); i++) {
      files[`fairface/${split}/${i}.jpg`] = jpeg;
      const race = FAIRFACE_RACES[i % 7];
      rows[split].push(
        `${split}/${i}.jpg,${i % 3 ? '20-29' : 'more than 70'},${i % 2 ? 'Male' : 'Female'},${race},${i % 2 ? 'True' : 'False'}`,
      );
    }
  }
  rows.train.push(...extraTrainRows);
  files['fairface/fairface_label_train.csv'] = rows.train.join('\r\n');
  files['fairface/fairface_label_val.csv'] = rows.val.join('\r\n');
  return memorySource(files, 'fairface');
}

describe('FairFace importer', () => {
  it('imports both CSVs; FairFace val becomes the test split', async () => {
    const { manifest, skipped } = await importDataset('fairface', fairface(), new MemoryDatasetStore(), {
      size: 16,
    });
    expect(skipped).toEqual([]);
    expect(manifest.nImages).toBe(70);
    expect(manifest.counts.race.White).toBe(10);
    expect(manifest.counts.age_band['70+']).toBe(22);
    expect(manifest.split.kind).toBe('predefined');
    expect(manifest.split.counts.test).toBe(14);
    expect(manifest.split.counts.val).toBeGreaterThan(0);
    expect(manifest.counts.service_test).toEqual({ False: 35, True: 35 });
  });

  it('reports unknown labels and missing files with file name and line number', async () => {
    const source = fairface([
      'train/1.jpg,20-29,Robot,White,True',
      'train/404.jpg,20-29,Male,White,True',
      'train/2.jpg,20-29,Male,Martian,True',
    ]);
    const { skipped } = await importDataset('fairface', source, new MemoryDatasetStore(), { size: 16 });
    expect(skipped).toEqual([
      {
        file: 'train/1.jpg',
        line: 58,
        reason: 'fairface_label_train.csv: unknown gender "Robot" (expected Male or Female)',
      },
      { file: 'train/404.jpg', line: 59, reason: 'fairface_label_train.csv: image file not found' },
      { file: 'train/2.jpg', line: 60, reason: 'fairface_label_train.csv: unknown race "Martian"' },
    ]);
  });

  it('wrong columns: an error naming expected and found columns, nothing written', async () => {
    const store = new MemoryDatasetStore();
    const error = await importDataset('fairface', fairface([], 'file,age,sex,ethnicity'), store).catch(
      (e) => e,
    );
    expect(error.message).toMatch(
      /missing columns "gender", "race"; expected file, age, gender, race; found file, age, sex, ethnicity/,
    );
    expect(await store.list()).toEqual([]);
    expect(await store.sweepIncomplete()).toBe(0);
  });
});
