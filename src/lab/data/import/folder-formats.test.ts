import { describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../../store/memory-store';
import { SPLIT_CODE } from '../types';
import { importDataset } from './formats';
import { encodeJpeg, encodePgm, memorySource } from '../../test-support/import-fixtures';

describe('CK+-style importer', () => {
  const jpeg = encodeJpeg(20, 20);
  const files: Record<string, Uint8Array | string> = {};
  const csv = ['file,gender'];
  for (const expression of ['anger', 'happy', 'surprise'])
    for (let i = 0; i < 10; i++) {
      files[`ck/${expression}/S${i}_${expression}.png`] = jpeg;
      if (i < 8) csv.push(`${expression}/S${i}_${expression}.png,${i % 2 ? 'female' : 'male'}`);
    }
  files['ck/stray.jpg'] = jpeg;

  it('labels by folder and adds attributes from the CSV', async () => {
    const source = memorySource({ ...files, 'ck/attributes.csv': csv.join('\n') }, 'ck');
    const { manifest, skipped } = await importDataset('ckplus', source, new MemoryDatasetStore(), {
      size: 16,
      csvPath: 'ck/attributes.csv',
    });
    expect(manifest.nImages).toBe(30);
    expect(manifest.counts.expression).toEqual({ anger: 10, happy: 10, surprise: 10 });
    expect(manifest.counts.gender).toEqual({ female: 12, male: 12 });
    expect(manifest.categorical.find((a) => a.name === 'gender')!.sensitive).toBe(true);
    expect(manifest.warnings.join('\n')).toMatch(/6 images have no row in ck\/attributes\.csv/);
    expect(skipped).toEqual([{ file: 'ck/stray.jpg', reason: 'not inside an expression folder' }]);
  });

  it('an attributes CSV without a file column fails before writing', async () => {
    const store = new MemoryDatasetStore();
    const source = memorySource({ ...files, 'ck/a.csv': 'image,gender\nx,y' });
    await expect(importDataset('ckplus', source, store, { csvPath: 'ck/a.csv' })).rejects.toThrow(
      /needs a "file" column; found image, gender/,
    );
    expect(await store.list()).toEqual([]);
  });
});

describe('folder-per-label importer', () => {
  it('names the folder attribute "label", a target, and splits stratified so every class is in every split', async () => {
    const files: Record<string, Uint8Array | string> = {};
    for (const label of ['Cat', 'dog', 'bird'])
      for (let i = 0; i < 10; i++)
        files[`pets/${label}/${i}.pgm`] = encodePgm(4, 4, new Array(16).fill(i * 20));
    files['pets/loose.pgm'] = encodePgm(4, 4, new Array(16).fill(1));
    files['pets/owners.csv'] = [
      'file,owner',
      ...Array.from({ length: 10 }, (_, i) => `dog/${i}.pgm,${i % 2 ? 'a' : 'b'}`),
    ].join('\n');
    const store = new MemoryDatasetStore();
    const { manifest, skipped } = await importDataset('folder-label', memorySource(files, 'pets'), store, {
      id: 'pets',
      size: 16,
      csvPath: 'pets/owners.csv',
    });
    expect(manifest.source).toMatchObject({ kind: 'import', format: 'folder-label' });
    expect(manifest.targets).toEqual(['label']);
    expect(manifest.categorical.map((a) => [a.name, a.sensitive])).toEqual([
      ['label', false],
      ['owner', true],
    ]);
    // Folder names are kept as written (ImageFolder's classes are case-sensitive).
    expect(manifest.counts.label).toEqual({ bird: 10, Cat: 10, dog: 10 });
    expect(manifest.split).toMatchObject({ kind: 'stratified', by: ['owner', 'label'] });
    expect(skipped).toEqual([{ file: 'pets/loose.pgm', reason: 'not inside a label folder' }]);
    const shard = await store.shard('pets', 0);
    for (let c = 0; c < 3; c++) {
      const splits = new Set(shard.split.filter((_, i) => shard.categorical.label[i] === c));
      expect([...splits].sort()).toEqual([SPLIT_CODE.train, SPLIT_CODE.val, SPLIT_CODE.test]);
    }
  });
});

describe('folder-per-identity importer', () => {
  it('labels identities by folder and splits identity-disjoint', async () => {
    const files: Record<string, Uint8Array | string> = {};
    for (let s = 1; s <= 12; s++)
      for (let k = 1; k <= (s === 12 ? 2 : 5); k++)
        files[`orl/s${s}/${k}.pgm`] = encodePgm(
          9,
          11,
          Array.from({ length: 99 }, (_, i) => (i * s) & 0xff),
        );
    files['orl/identities.csv'] = [
      'identity,gender',
      ...Array.from({ length: 12 }, (_, i) => `s${i + 1},${i % 3 ? 'm' : 'f'}`),
    ].join('\n');
    const store = new MemoryDatasetStore();
    const { manifest, skipped } = await importDataset('folder', memorySource(files, 'orl'), store, {
      id: 'orl',
      size: 16,
      csvPath: 'orl/identities.csv',
    });
    expect(manifest.split.kind).toBe('identity-disjoint');
    expect(Object.keys(manifest.counts.identity)).toEqual([
      's1',
      's2',
      's3',
      's4',
      's5',
      's6',
      's7',
      's8',
      's9',
      's10',
      's11',
      's12',
    ]);
    expect(manifest.counts.identity.s12).toBe(0);
    expect(skipped).toHaveLength(2);
    expect(skipped[0].reason).toMatch(/identity "s12" \(2 images\): fewer than 3 images/);
    const shard = await store.shard('orl', 0);
    const splitOf = new Map<number, Set<number>>();
    shard.categorical.identity.forEach((id, i) =>
      (splitOf.get(id) ?? splitOf.set(id, new Set()).get(id)!).add(shard.split[i]),
    );
    for (const set of splitOf.values()) expect(set.size).toBe(1);
    expect(shard.split.includes(SPLIT_CODE.test)).toBe(true);
    expect(manifest.categorical.find((a) => a.name === 'gender')).toMatchObject({
      sensitive: true,
      values: ['f', 'm'],
    });
  });
});
