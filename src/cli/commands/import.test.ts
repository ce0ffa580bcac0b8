import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FsDatasetStore } from '../../lab/store/fs-store';
import { encodeJpeg, SHARED_DATASETS, writeTree } from '../../lab/test-support/import-fixtures';
import { run } from './import';

/** Runs the command and returns its exit code and parsed --json output. */
async function runJson(argv: string[]) {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    const code = await run([...argv, '--json', '--quiet']);
    return { code, report: JSON.parse(lines.join('\n')) };
  } finally {
    log.mockRestore();
  }
}

describe('lab import', () => {
  let tree: Awaited<ReturnType<typeof writeTree>>;
  let store: string;
  beforeAll(async () => {
    const files: Record<string, Uint8Array | string> = {};
    for (let i = 0; i < 20; i++)
      files[`imgs/${30 + i}_${i % 2}_${i % 5}_2017${i}.jpg`] = encodeJpeg(16, 16, i);
    files['imgs/bad.jpg'] = new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2]);
    files['labels.csv'] = [
      'file,smile,skin',
      ...Array.from({ length: 20 }, (_, i) => `${30 + i}_${i % 2}_${i % 5}_2017${i}.jpg,${i % 2},s${i % 4}`),
    ].join('\n');
    tree = await writeTree(files);
    store = await mkdtemp(join(tmpdir(), 'lab-store-'));
  });
  afterAll(async () => {
    await tree.cleanup();
    await rm(store, { recursive: true, force: true });
  });

  it('imports UTKFace into the directory store and prints the report', async () => {
    const { code, report } = await runJson([
      '--format',
      'utkface',
      '--path',
      join(tree.dir, 'imgs'),
      '--store',
      store,
      '--size',
      '32',
      '--name',
      'tiny',
    ]);
    expect(code).toBe(0);
    expect(report.n_images).toBe(20);
    expect(report.n_skipped).toBe(1);
    expect(report.skipped[0]).toMatchObject({ file: 'bad.jpg' });
    expect(report.skipped[0].reason).toMatch(/^expected \[age\]/);
    expect(report.counts.race.white).toBe(4);
    expect(report.split.kind).toBe('stratified');
    const manifest = await new FsDatasetStore(store).manifest(report.id);
    expect(manifest).toMatchObject({ name: 'tiny', nImages: 20, image: { size: 32, channels: 3 } });
  });

  it('imports a generic CSV given outside the folder', async () => {
    const { report } = await runJson([
      '--format',
      'csv',
      '--path',
      join(tree.dir, 'imgs'),
      '--csv',
      join(tree.dir, 'labels.csv'),
      '--store',
      store,
      '--label-cols',
      'smile',
      '--sensitive-cols',
      'skin',
      '--size',
      '16',
    ]);
    expect(report.n_images).toBe(20);
    expect(report.counts.skin).toEqual({ s0: 5, s1: 5, s2: 5, s3: 5 });
  });

  it('reads a Zip64 archive from disk and counts the files it ignores', async () => {
    const writer = new ZipWriter(new Uint8ArrayWriter(), { zip64: true });
    for (let i = 0; i < 6; i++)
      await writer.add(
        `faces/${30 + i}_${i % 2}_${i % 3}_2017${i}.jpg`,
        new Uint8ArrayReader(encodeJpeg(16, 16, i)),
      );
    await writer.add('faces/notes.txt', new TextReader('not an image'));
    const zip = await writeTree({ 'faces.zip': await writer.close() });
    try {
      const { report } = await runJson([
        '--format',
        'utkface',
        '--path',
        join(zip.dir, 'faces.zip'),
        '--store',
        store,
        '--size',
        '16',
      ]);
      expect(report.name).toBe('faces');
      expect(report.n_images).toBe(6);
      expect(report.n_ignored).toBe(1);
      expect(report.ignored).toEqual([{ file: 'faces/notes.txt', reason: 'not an image or a label file' }]);
    } finally {
      await zip.cleanup();
    }
  });

  it('folder-label: the folder names the target "label", split stratified', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const label of ['cat', 'dog'])
      for (let i = 0; i < 6; i++) files[`pets/${label}/${i}.jpg`] = encodeJpeg(16, 16, i);
    const pets = await writeTree(files);
    try {
      const { report } = await runJson([
        '--format',
        'folder-label',
        '--path',
        join(pets.dir, 'pets'),
        '--store',
        store,
        '--size',
        '16',
      ]);
      expect(report.format).toBe('folder-label');
      expect(report.counts).toEqual({ label: { cat: 6, dog: 6 } });
      expect(report.split.kind).toBe('stratified');
      expect(report.split.by).toEqual(['label']);
    } finally {
      await pets.cleanup();
    }
  });

  it('rejects bad flags with usage errors', async () => {
    await expect(run(['--format', 'nope', '--path', tree.dir])).rejects.toThrow(/--format must be one of/);
    await expect(run(['--format', 'csv', '--path', tree.dir])).rejects.toThrow(/needs --csv/);
    await expect(run(['--format', 'utkface', '--path', tree.dir, '--size', '8'])).rejects.toThrow(
      /16 to 128/,
    );
  });

  it.skipIf(!existsSync(join(SHARED_DATASETS, 'utkface-sample')))(
    'shared utkface-sample: 5 races × 2 genders × 100',
    async () => {
      const { report } = await runJson([
        '--format',
        'utkface',
        '--path',
        join(SHARED_DATASETS, 'utkface-sample'),
        '--store',
        store,
      ]);
      expect(report.n_images).toBe(1000);
      expect(report.counts.race).toEqual({ white: 200, black: 200, asian: 200, indian: 200, others: 200 });
      expect(report.counts.gender).toEqual({ male: 500, female: 500 });
    },
  );

  it.skipIf(!existsSync(join(SHARED_DATASETS, 'att-faces')))(
    'shared att-faces: 40 identities, identity-disjoint',
    async () => {
      const { report } = await runJson([
        '--format',
        'folder',
        '--path',
        join(SHARED_DATASETS, 'att-faces'),
        '--store',
        store,
      ]);
      expect(report.n_images).toBe(400);
      expect(Object.keys(report.counts.identity)).toHaveLength(40);
      expect(report.split.kind).toBe('identity-disjoint');
    },
  );
});
