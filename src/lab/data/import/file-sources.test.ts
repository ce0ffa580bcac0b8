import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileListSource, type FileLike } from './browser-file-source';
import { readText } from './file-source';
import { NodeDirectorySource } from './node-file-source';
import { writeTree } from './test-fixtures';
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
    expect(() => new ZipFileSource(enc.encode('not a zip'), 'x.zip')).toThrow(/not a zip/);
  });
});
