import { describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../../store/memory-store';
import { importDataset } from './formats';
import { encodeJpeg, memorySource } from '../../test-support/import-fixtures';

function rafdb() {
  const jpeg = encodeJpeg(20, 20);
  const files: Record<string, Uint8Array | string> = {};
  const labels: string[] = [];
  for (const split of ['train', 'test']) {
    for (let i = 1; i <= (split === 'train' ? 30 : 10); i++) {
      const stem = `${split}_${String(i).padStart(5, '0')}`;
      files[`RAF/Image/aligned/${stem}_aligned.jpg`] = jpeg;
      labels.push(`${stem}.jpg ${1 + (i % 7)}`);
      const landmarks = Array.from({ length: 5 }, (_, k) => `${10 + k}.5 ${20 + k}.25`);
      files[`RAF/Annotation/manual/${stem}_manu_attri.txt`] =
        [...landmarks, i % 2, i % 3, i % 5].join('\n') + '\n';
    }
  }
  labels.push('train_00031.jpg 9');
  files['RAF/Image/aligned/train_00031_aligned.jpg'] = jpeg;
  labels.push('train_00032.jpg 3');
  files['RAF/Image/aligned/train_00032_aligned.jpg'] = jpeg;
  files['RAF/Annotation/manual/train_00032_manu_attri.txt'] = '1 1\n1 1\n1 1\n1 1\n1 1\n0\n7\n2\n';
  files['RAF/EmoLabel/list_patition_label.txt'] = labels.join('\n');
  return memorySource(files, 'RAF');
}

describe('RAF-DB importer', () => {
  it('reads expressions, manual attributes and the train/test names', async () => {
    const { manifest, skipped } = await importDataset('rafdb', rafdb(), new MemoryDatasetStore(), {
      size: 16,
    });
    expect(manifest.nImages).toBe(40);
    expect(manifest.counts.gender).toEqual({ male: 20, female: 20, unsure: 0 });
    expect(manifest.counts.race.caucasian).toBe(13);
    expect(manifest.counts.age_band['0-3']).toBe(8);
    expect(manifest.counts.expression.surprise).toBe(5);
    expect(manifest.split.kind).toBe('predefined');
    expect(manifest.split.counts.test).toBe(10);
    expect(skipped).toEqual([
      {
        file: 'train_00031.jpg',
        line: 41,
        reason: 'list_patition_label.txt: unknown expression "9" (expected 1–7)',
      },
      {
        file: 'RAF/Annotation/manual/train_00032_manu_attri.txt',
        line: 7,
        reason:
          'unknown race "7" (expected 0 caucasian, 1 african-american, 2 asian) (image train_00032.jpg)',
      },
    ]);
  });
});
