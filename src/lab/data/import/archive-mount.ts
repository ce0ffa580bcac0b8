import { dirName, openStream, type FileSource } from './file-source';
import { ZipFileSource } from './zip-file-source';

const ZIP = /\.zip$/i;
/** Marks a path that is a plain file of the outer source. */
const PLAIN = -1;

/**
 * A folder whose .zip files read as if extracted next to them, as `unzip` would: CelebA as
 * downloaded (Img/img_align_celeba.zip beside Anno/list_attr_celeba.txt), or FairFace's image zip
 * beside its label CSVs. A plain file wins over an archive entry at the same path (an archive
 * already extracted in place); the archives themselves are no longer listed. Sources that cannot
 * hand out Blobs, or hold no .zip, are returned as they are.
 */
export function withArchives(
  source: FileSource,
  openZip: (path: string) => Promise<ZipFileSource> = async (path) =>
    new ZipFileSource(await source.blob!(path), path),
): FileSource {
  return source.blob ? new ArchiveMountSource(source, openZip) : source;
}

interface Mounted {
  paths: string[];
  /** Path → archive index, or PLAIN. */
  owner: Map<string, number>;
  archives: { zip: ZipFileSource; prefix: string }[];
}

class ArchiveMountSource implements FileSource {
  readonly name: string;
  private mounted?: Promise<Mounted>;
  /** The mount once listed (readOrder is synchronous). */
  private mountedSync?: Mounted;

  constructor(
    private readonly outer: FileSource,
    private readonly openZip: (path: string) => Promise<ZipFileSource>,
  ) {
    this.name = outer.name;
  }

  async list(): Promise<string[]> {
    return (await this.mount()).paths;
  }

  async read(path: string): Promise<Uint8Array> {
    const { source, inner } = await this.locate(path);
    return source.read(inner);
  }

  async stream(path: string): Promise<ReadableStream<Uint8Array>> {
    const { source, inner } = await this.locate(path);
    return openStream(source, inner);
  }

  async blob(path: string): Promise<Blob> {
    const { source, inner } = await this.locate(path);
    return source.blob
      ? source.blob(inner)
      : new Blob([(await source.read(inner)) as Uint8Array<ArrayBuffer>]);
  }

  /** Plain files first, then each archive's entries in its own order. */
  readOrder(paths: readonly string[]): string[] {
    const { mountedSync } = this;
    if (!mountedSync) return [...paths];
    const groups = new Map<number, string[]>();
    for (const path of paths) {
      const owner = mountedSync.owner.get(path) ?? PLAIN;
      (groups.get(owner) ?? groups.set(owner, []).get(owner)!).push(path);
    }
    const out = [...(groups.get(PLAIN) ?? [])];
    mountedSync.archives.forEach(({ zip, prefix }, k) => {
      const group = groups.get(k);
      if (!group) return;
      const inner = zip.readOrder(group.map((p) => innerPath(p, prefix)));
      // A loop, not push(...): an archive's 202,599 paths would overflow the call stack.
      for (const p of inner) out.push(prefix ? `${prefix}/${p}` : p);
    });
    return out;
  }

  async close(): Promise<void> {
    const mounted = this.mounted && (await this.mounted.catch(() => undefined));
    await Promise.all(mounted?.archives.map((a) => a.zip.close()) ?? []);
    await this.outer.close?.();
  }

  private mount(): Promise<Mounted> {
    this.mounted ??= mountArchives(this.outer, this.openZip).then((m) => (this.mountedSync = m));
    return this.mounted;
  }

  private async locate(path: string): Promise<{ source: FileSource; inner: string }> {
    const mounted = await this.mount();
    const owner = mounted.owner.get(path);
    if (owner === undefined || owner === PLAIN) return { source: this.outer, inner: path };
    const { zip, prefix } = mounted.archives[owner];
    return { source: zip, inner: innerPath(path, prefix) };
  }
}

async function mountArchives(
  outer: FileSource,
  openZip: (path: string) => Promise<ZipFileSource>,
): Promise<Mounted> {
  const listed = await outer.list();
  const owner = new Map<string, number>();
  for (const path of listed) if (!ZIP.test(path)) owner.set(path, PLAIN);
  const archives: Mounted['archives'] = [];
  for (const zipPath of listed.filter((p) => ZIP.test(p))) {
    const zip = await openZip(zipPath);
    const prefix = dirName(zipPath);
    const k = archives.push({ zip, prefix }) - 1;
    for (const inner of await zip.list()) {
      const path = prefix ? `${prefix}/${inner}` : inner;
      if (!owner.has(path)) owner.set(path, k);
    }
  }
  const paths = archives.length === 0 ? listed : [...owner.keys()].sort();
  return { paths, owner, archives };
}

function innerPath(path: string, prefix: string): string {
  return prefix ? path.slice(prefix.length + 1) : path;
}
