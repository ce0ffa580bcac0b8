/**
 * A read-only tree of files: a directory (Node), the File list of a folder picker or drop
 * (browser / Worker), or a zip archive. Paths are relative and use '/'.
 */
export interface FileSource {
  /** Shown in manifests and reports, e.g. the folder or zip name. */
  readonly name: string;
  /** Every file path, sorted. */
  list(): Promise<string[]>;
  read(path: string): Promise<Uint8Array>;
  /** The file as a stream, for label files too large to hold whole (CelebA's 200k lines). */
  stream?(path: string): Promise<ReadableStream<Uint8Array>>;
  /** The file as a Blob without reading it (random access, e.g. a zip inside a folder). */
  blob?(path: string): Promise<Blob>;
  /** `paths` in the order they are cheapest to read (an archive's own entry order). */
  readOrder?(paths: readonly string[]): string[];
  /** Releases what the source holds open (a zip's file handle in Node). */
  close?(): Promise<void>;
}

/** Reads a text file (UTF-8, BOM stripped). */
export async function readText(source: FileSource, path: string): Promise<string> {
  const text = new TextDecoder().decode(await source.read(path));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file as a stream of bytes: the source's own stream, else its bytes in one chunk. */
export async function openStream(source: FileSource, path: string): Promise<ReadableStream<Uint8Array>> {
  if (source.stream) return source.stream(path);
  const bytes = await source.read(path);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

export function normalizePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Name of the folder that directly contains the file ('' at the root). */
export function parentFolder(path: string): string {
  return baseName(dirName(path));
}

const IMAGE_EXTENSIONS = /\.(jpe?g|png|pgm|ppm|pnm)$/i;

/** Candidate image files by extension (the decoder itself checks magic bytes). Skips macOS junk. */
export function isImagePath(path: string): boolean {
  return IMAGE_EXTENSIONS.test(path) && !baseName(path).startsWith('._') && !path.includes('__MACOSX/');
}

/** Files whose base name matches; used to find label files wherever the archive root is. */
export function findByBaseName(paths: readonly string[], name: string): string[] {
  const lower = name.toLowerCase();
  return paths.filter((p) => baseName(p).toLowerCase() === lower);
}

/** Exactly one file with this base name, or undefined; throws if it is ambiguous. */
export function findOne(paths: readonly string[], name: string): string | undefined {
  const found = findByBaseName(paths, name);
  if (found.length > 1) {
    throw new Error(
      `Found ${found.length} files named "${name}" (${found.slice(0, 3).join(', ')}); keep one`,
    );
  }
  return found[0];
}

/** Index of image paths by base name (the first, in sorted order, wins). */
export function imagesByBaseName(paths: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const path of paths) {
    if (!isImagePath(path)) continue;
    const base = baseName(path);
    if (!map.has(base)) map.set(base, path);
  }
  return map;
}

/** The folder every path lies under ('' if none), e.g. the picked folder's own name. */
export function commonFolder(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  let prefix = dirName(paths[0]);
  for (const path of paths) {
    while (prefix && !path.startsWith(prefix + '/')) prefix = dirName(prefix);
  }
  return prefix;
}

/** The folder a file is in, below `root`; '' for files directly in `root`. */
export function labelFolder(path: string, root: string): string {
  const relative = root ? path.slice(root.length + 1) : path;
  return relative.includes('/') ? parentFolder(relative) : '';
}
