import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryDatasetStore } from '../../store/memory-store';
import { importDataset } from './formats';
import { NodeDirectorySource } from './node-file-source';
import { encodeJpeg, writeTree } from '../../test-support/import-fixtures';
import { parseUtkFaceName } from './utkface';

describe('UTKFace importer', () => {
  let tree: Awaited<ReturnType<typeof writeTree>>;
  beforeAll(async () => {
    const files: Record<string, Uint8Array | string> = {};
    let k = 0;
    for (let race = 0; race < 5; race++)
      for (let gender = 0; gender < 2; gender++)
        for (let i = 0; i < 4; i++)
          files[`UTKFace/${20 + i}_${gender}_${race}_2017011${k}.jpg.chip.jpg`] = encodeJpeg(20, 24, k++);
    files['UTKFace/39_1_20170116174525125.jpg.chip.jpg'] = encodeJpeg(20, 20); // race missing
    files['UTKFace/30_7_0_20170116174525125.jpg'] = encodeJpeg(20, 20); // invalid gender
    files['UTKFace/30_0_0_20170116174525999.jpg'] = encodeJpeg(20, 20).subarray(0, 200); // corrupt
    files['UTKFace/README.txt'] = 'not an image';
    tree = await writeTree(files);
  });
  afterAll(() => tree.cleanup());

  it('parses names and rejects missing or invalid fields with a reason', () => {
    expect(parseUtkFaceName('26_1_2_20170116174525125.jpg.chip.jpg')).toEqual({
      age: 26,
      gender: 1,
      race: 2,
    });
    expect(parseUtkFaceName('1_0_0_20161219140623097.jpg')).toEqual({ age: 1, gender: 0, race: 0 });
    expect(parseUtkFaceName('39_1_20170116174525125.jpg.chip.jpg')).toMatch(/found 3 fields/);
    expect(parseUtkFaceName('x_1_2_3.jpg')).toMatch(/invalid age/);
    expect(parseUtkFaceName('30_0_5_20170116174525125.jpg')).toMatch(/invalid race "5"/);
    expect(parseUtkFaceName('30_0_1_.jpg')).toMatch(/invalid datetime/);
  });

  it('imports labels, skips bad files with reasons, and counts groups', async () => {
    const store = new MemoryDatasetStore();
    const result = await importDataset('utkface', new NodeDirectorySource(tree.dir), store, {
      size: 16,
      id: 'utk',
    });
    const { manifest } = result;
    expect(manifest.nImages).toBe(40);
    expect(manifest.image).toEqual({ size: 16, channels: 3 });
    expect(manifest.counts.race).toEqual({ white: 8, black: 8, asian: 8, indian: 8, others: 8 });
    expect(manifest.counts.gender).toEqual({ male: 20, female: 20 });
    expect(manifest.numeric).toEqual([{ name: 'age' }]);
    const reasons = Object.fromEntries(result.skipped.map((s) => [s.file.split('/')[1], s.reason]));
    expect(Object.keys(reasons)).toHaveLength(3);
    expect(reasons['39_1_20170116174525125.jpg.chip.jpg']).toMatch(/found 3 fields/);
    expect(reasons['30_7_0_20170116174525125.jpg']).toMatch(/invalid gender/);
    expect(reasons['30_0_0_20170116174525999.jpg']).toMatch(/truncated JPEG/);
    // Tiny groups are flagged, not refused.
    expect(manifest.warnings.join('\n')).toMatch(/"race" has groups under 30/);
    expect(manifest.split.kind).toBe('stratified');
    expect(manifest.split.counts.train + manifest.split.counts.val + manifest.split.counts.test).toBe(40);

    const shard = await store.shard('utk', 0);
    expect(shard.n).toBe(40);
    expect(shard.pixels.length).toBe(40 * 16 * 16 * 3);
    const race = manifest.categorical.find((a) => a.name === 'race')!;
    const i = shard.files!.findIndex((f) => f.includes('_1_4_'));
    expect(race.values[shard.categorical.race[i]]).toBe('others');
    expect(shard.numeric.age[i]).toBeGreaterThanOrEqual(20);
  });
});
