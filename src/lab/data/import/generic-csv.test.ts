import { describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../../store/memory-store';
import { importDataset } from './formats';
import { previewCsv, type CsvMapping } from './generic-csv';
import { encodeJpeg, memorySource } from '../../test-support/import-fixtures';

const mapping: CsvMapping = {
  fileColumn: 'path',
  labelColumns: ['smile'],
  sensitiveColumns: ['skin'],
  numericColumns: ['age'],
};

function dataset(extraRows: string[] = []) {
  const jpeg = encodeJpeg(20, 20);
  const files: Record<string, Uint8Array | string> = {};
  const rows = ['path,smile,skin,age'];
  for (let i = 0; i < 20; i++) {
    files[`set/images/${i}.jpg`] = jpeg;
    rows.push(`images/${i}.jpg,${i % 2 ? 'yes' : 'no'},"type ${1 + (i % 3)}",${20 + i}`);
  }
  files['set/images/20.jpg'] = files['set/images/21.jpg'] = jpeg; // not in the CSV
  files['set/labels.csv'] = [...rows, ...extraRows].join('\n');
  return memorySource(files, 'set');
}

describe('generic CSV importer', () => {
  it('imports with an explicit mapping', async () => {
    const { manifest, skipped } = await importDataset('csv', dataset(), new MemoryDatasetStore(), {
      size: 16,
      csvPath: 'set/labels.csv',
      mapping,
    });
    expect(skipped).toEqual([]);
    expect(manifest.nImages).toBe(20);
    expect(manifest.counts.skin).toEqual({ 'type 1': 7, 'type 2': 7, 'type 3': 6 });
    expect(manifest.targets).toEqual(['smile', 'age']);
    expect(manifest.split.by).toEqual(['skin', 'smile']);
  });

  it('reports bad rows with their line', async () => {
    const extra = [
      'images/0.jpg,no,type 1,3',
      'images/99.jpg,no,type 1,3',
      'images/20.jpg,,type 1,3',
      'images/21.jpg,no,type 1,old',
    ];
    const { skipped } = await importDataset('csv', dataset(extra), new MemoryDatasetStore(), {
      size: 16,
      csvPath: 'set/labels.csv',
      mapping,
    });
    expect(skipped).toEqual([
      { file: 'images/0.jpg', line: 22, reason: 'listed twice (first on line 2)' },
      { file: 'images/99.jpg', line: 23, reason: 'image file not found' },
      { file: 'images/20.jpg', line: 24, reason: 'missing smile' },
      { file: 'images/21.jpg', line: 25, reason: 'age "old" is not a number' },
    ]);
  });

  it('wrong columns throw before anything is written', async () => {
    const store = new MemoryDatasetStore();
    const bad = { ...mapping, sensitiveColumns: ['race'] };
    await expect(
      importDataset('csv', dataset(), store, { csvPath: 'set/labels.csv', mapping: bad }),
    ).rejects.toThrow(
      'set/labels.csv: missing column "race"; expected path, race, smile, age; found path, smile, skin, age',
    );
    expect(await store.sweepIncomplete()).toBe(0);
  });

  it('previews the first rows and guesses the file column', async () => {
    const preview = await previewCsv(dataset(), 'set/labels.csv', 5);
    expect(preview.header).toEqual(['path', 'smile', 'skin', 'age']);
    expect(preview.rows).toHaveLength(5);
    expect(preview.rows[0]).toEqual(['images/0.jpg', 'no', 'type 1', '20']);
    expect(preview.nRows).toBe(20);
    expect(preview.fileColumn).toBe('path');
  });
});
