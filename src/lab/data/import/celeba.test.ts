import { describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../../store/memory-store';
import { importDataset } from './formats';
import { encodeJpeg, memorySource } from '../../test-support/import-fixtures';

const NAMES = ['Male', 'Smiling', 'Young'];

function celeba(nIds: number, perId: number, extra: Record<string, string> = {}, withPartition = true) {
  const jpeg = encodeJpeg(18, 22);
  const files: Record<string, Uint8Array | string> = {};
  const attr = [`${nIds * perId}`, NAMES.join(' ')];
  const ids: string[] = [];
  const parts: string[] = [];
  let n = 0;
  for (let id = 1; id <= nIds; id++)
    for (let k = 0; k < perId; k++) {
      const name = `${String(++n).padStart(6, '0')}.jpg`;
      files[`celeba/img_align_celeba/${name}`] = jpeg;
      attr.push(`${name} ${id % 2 ? 1 : -1}  ${k % 2 ? 1 : -1} -1`);
      ids.push(`${name} ${id}`);
      parts.push(`${name} ${id % 5 === 0 ? 2 : id % 5 === 1 ? 1 : 0}`);
    }
  files['celeba/list_attr_celeba.txt'] = attr.join('\n') + '\n';
  files['celeba/identity_CelebA.txt'] = ids.join('\n');
  if (withPartition) files['celeba/list_eval_partition.txt'] = parts.join('\n');
  return memorySource({ ...files, ...extra }, 'celeba');
}

describe('CelebA importer', () => {
  it('reads attributes, identities and the predefined partition', async () => {
    const { manifest, skipped } = await importDataset('celeba', celeba(10, 4), new MemoryDatasetStore(), {
      size: 16,
    });
    expect(skipped).toEqual([]);
    expect(manifest.nImages).toBe(40);
    expect(manifest.counts.gender).toEqual({ male: 20, female: 20 });
    expect(manifest.counts.Smiling).toEqual({ 0: 20, 1: 20 });
    expect(Object.keys(manifest.counts.identity)).toHaveLength(10);
    expect(manifest.targets).toEqual(['identity', ...NAMES]);
    expect(manifest.split.kind).toBe('predefined');
    expect(manifest.split.counts).toEqual({ train: 24, val: 8, test: 8 });
  });

  it('without a partition file splits identity-disjoint', async () => {
    const { manifest } = await importDataset('celeba', celeba(20, 3, {}, false), new MemoryDatasetStore(), {
      size: 16,
    });
    expect(manifest.split.kind).toBe('identity-disjoint');
    expect(manifest.split.by).toEqual(['identity', 'gender']);
  });

  it('reports malformed lines with their line number', async () => {
    const source = celeba(10, 3);
    const text = new TextDecoder().decode(await source.read('celeba/list_attr_celeba.txt'));
    const lines = text.split('\n');
    lines[3] = lines[3].replace(/ -1$/, ' 0'); // unknown value on line 4
    lines[5] = lines[5].replace(/ -1$/, ''); // missing value on line 6
    lines.push('999999.jpg 1 1 1'); // no image
    const broken = memorySource(
      {
        ...Object.fromEntries(
          await Promise.all((await source.list()).map(async (p) => [p, await source.read(p)])),
        ),
        'celeba/list_attr_celeba.txt': lines.join('\n'),
      },
      'celeba',
    );
    const { skipped, manifest } = await importDataset('celeba', broken, new MemoryDatasetStore(), {
      size: 16,
    });
    expect(manifest.nImages).toBe(28);
    expect(skipped).toEqual([
      {
        file: '000002.jpg',
        line: 4,
        reason: 'list_attr_celeba.txt: unknown value "0" for Young (expected -1 or 1)',
      },
      { file: '000004.jpg', line: 6, reason: 'list_attr_celeba.txt: expected 3 attribute values, found 2' },
      { file: '999999.jpg', line: 34, reason: 'list_attr_celeba.txt: listed but no image file found' },
    ]);
  });
});
