import { TextReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileListSource, type FileLike } from './browser-file-source';
import { readText } from './file-source';
import { NodeDirectorySource, openPathSource } from './node-file-source';
import { writeTree } from '../../test-support/import-fixtures';
import { ZipFileSource } from './zip-file-source';

const enc = new TextEncoder();
const FILES = { 'top/a.txt': 'alpha', 'top/sub/b.txt': 'beta', 'top/sub/deeper/c.bin': '\u00ff' };

describe('file sources', () => {
  let tree: Awaited<ReturnType<typeof writeTree>>;
  beforeAll(async () => (tree = await writeTree(FILES)));
  afterAll(() => tree.cleanup());

  it('Node directory: sorted relative paths with "/", and reads', async () => {
    const source = new NodeDirectorySource(tree.dir);
    expect(await source.list()).toEqual(['top/a.txt', 'top/sub/b.txt', 'top/sub/deeper/c.bin']);
    expect(await readText(source, 'top/sub/b.txt')).toBe('beta');
    await expect(source.read('../etc/passwd')).rejects.toThrow(/escapes/);
    await expect(new NodeDirectorySource(tree.dir + '/nope').list()).rejects.toThrow(/Not a directory/);
  });

  it('File list (webkitRelativePath) as from a folder picker', async () => {
    const files: FileLike[] = Object.entries(FILES).map(([path, text]) => ({
      name: path.split('/').pop()!,
      webkitRelativePath: path,
      arrayBuffer: async () => enc.encode(text).buffer as ArrayBuffer,
    }));
    const source = new FileListSource(files);
    expect(source.name).toBe('top');
    expect(await source.list()).toEqual(['top/a.txt', 'top/sub/b.txt', 'top/sub/deeper/c.bin']);
    expect(await readText(source, 'top/a.txt')).toBe('alpha');
    await expect(source.read('top/zzz')).rejects.toThrow(/No such file/);
  });

  it('zip: lists entries (not folders) and inflates one at a time', async () => {
    const bytes = zipSync({
      'top/': new Uint8Array(0),
      'top/a.txt': enc.encode('alpha'),
      'top/sub/b.txt': [enc.encode('beta'.repeat(100)), { level: 9 }],
      'top/stored.txt': [enc.encode('raw'), { level: 0 }],
    });
    const source = new ZipFileSource(bytes, 'data.zip');
    expect(source.name).toBe('data');
    expect(await source.list()).toEqual(['top/a.txt', 'top/stored.txt', 'top/sub/b.txt']);
    expect(await readText(source, 'top/sub/b.txt')).toBe('beta'.repeat(100));
    expect(await readText(source, 'top/stored.txt')).toBe('raw');
    // Backwards (a new pass over the directory) and from a Blob, as a picked File is read.
    const blob = new ZipFileSource(new Blob([bytes]), 'data.zip');
    expect(await readText(blob, 'top/sub/b.txt')).toBe('beta'.repeat(100));
    expect(await readText(blob, 'top/a.txt')).toBe('alpha');
    expect(blob.readOrder(['top/sub/b.txt', 'top/stored.txt', 'top/a.txt'])).toEqual([
      'top/a.txt',
      'top/sub/b.txt',
      'top/stored.txt',
    ]);
    await expect(source.read('top/zzz')).rejects.toThrow(/No such file in data: top\/zzz/);
  });

  it('zip: a corrupt archive or entry gets a clear error', async () => {
    await expect(new ZipFileSource(enc.encode('not a zip at all'), 'x.zip').list()).rejects.toThrow(
      /^x\.zip is not a readable zip archive \(/,
    );
    const bytes = zipSync({ 'a.txt': [enc.encode('hello hello'), { level: 0 }] });
    const flipped = bytes.slice();
    flipped[30 + 'a.txt'.length + 2] ^= 0xff; // a byte of the stored data: the CRC no longer matches
    await expect(new ZipFileSource(flipped, 'y.zip').read('a.txt')).rejects.toThrow(
      /y\.zip: cannot read a\.txt/,
    );
  });

  it('zip64: reads an archive whose directory is written as Zip64 (zip.js writer)', async () => {
    const writer = new ZipWriter(new Uint8ArrayWriter(), { zip64: true, level: 0 });
    for (let i = 0; i < 5; i++) await writer.add(`img/${i}.txt`, new TextReader(`entry ${i}`));
    const bytes = await writer.close();
    // The Zip64 end-of-central-directory record (PK\x06\x06) is there, as in a 200k-entry archive.
    expect(Buffer.from(bytes).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    const source = new ZipFileSource(new Blob([bytes]), 'big.zip');
    expect(await source.list()).toEqual(['img/0.txt', 'img/1.txt', 'img/2.txt', 'img/3.txt', 'img/4.txt']);
    expect(await readText(source, 'img/3.txt')).toBe('entry 3');
    expect(await new Response(await source.stream('img/4.txt')).text()).toBe('entry 4');
  });

  it('a folder with a .zip inside reads it as if extracted next to it (CelebA as downloaded)', async () => {
    const zip = zipSync({
      'img_align_celeba/000002.jpg': enc.encode('two'),
      'img_align_celeba/000001.jpg': enc.encode('one'),
      'Anno/list_attr_celeba.txt': enc.encode('shadowed by the plain file'),
    });
    const celeba = await writeTree({
      'CelebA/Img/img_align_celeba.zip': zip,
      'CelebA/Img/Anno/list_attr_celeba.txt': 'plain',
      'CelebA/Anno/identity_CelebA.txt': '000001.jpg 1',
    });
    try {
      const source = (await openPathSource(celeba.dir))!;
      expect(await source.list()).toEqual([
        'CelebA/Anno/identity_CelebA.txt',
        'CelebA/Img/Anno/list_attr_celeba.txt',
        'CelebA/Img/img_align_celeba/000001.jpg',
        'CelebA/Img/img_align_celeba/000002.jpg',
      ]);
      expect(await readText(source, 'CelebA/Img/img_align_celeba/000001.jpg')).toBe('one');
      expect(await readText(source, 'CelebA/Img/Anno/list_attr_celeba.txt')).toBe('plain');
      // Plain files first, then the archive's own entry order.
      expect(
        source.readOrder!([
          'CelebA/Img/img_align_celeba/000001.jpg',
          'CelebA/Anno/identity_CelebA.txt',
          'CelebA/Img/img_align_celeba/000002.jpg',
        ]),
      ).toEqual([
        'CelebA/Anno/identity_CelebA.txt',
        'CelebA/Img/img_align_celeba/000002.jpg',
        'CelebA/Img/img_align_celeba/000001.jpg',
      ]);
      const direct = (await openPathSource(`${celeba.dir}/CelebA/Img/img_align_celeba.zip`))!;
      expect(direct.name).toBe('img_align_celeba');
      expect(await direct.list()).toHaveLength(3);
      expect(await readText(direct, 'img_align_celeba/000002.jpg')).toBe('two');
      expect(await openPathSource(`${celeba.dir}/nope`)).toBeUndefined();
      await Promise.all([source.close?.(), direct.close?.()]);
    } finally {
      await celeba.cleanup();
    }
  });
});
