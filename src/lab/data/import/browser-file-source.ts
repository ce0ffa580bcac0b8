import { normalizePath, type FileSource } from './file-source';

/** The parts of a DOM `File` used here; structural, so Workers and tests can supply their own. */
export interface FileLike {
  name: string;
  /** Set by `<input webkitdirectory>` and by folder drops (e.g. "UTKFace/1_0_0_x.jpg"). */
  webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** The File itself, when there is one: streamed and sliced without reading it whole. */
  blob?(): Blob;
}

/** A picked or dropped folder (a File list) as a FileSource. Pure: works in the Worker. */
export class FileListSource implements FileSource {
  readonly name: string;
  private readonly files = new Map<string, FileLike>();

  constructor(files: Iterable<FileLike>, name?: string) {
    for (const file of files) {
      const path = normalizePath(file.webkitRelativePath || file.name);
      if (path) this.files.set(path, file);
    }
    this.name = name ?? commonRoot([...this.files.keys()]) ?? 'files';
  }

  async list(): Promise<string[]> {
    return [...this.files.keys()].sort();
  }

  async read(path: string): Promise<Uint8Array> {
    return new Uint8Array(await this.file(path).arrayBuffer());
  }

  async stream(path: string): Promise<ReadableStream<Uint8Array>> {
    const file = this.file(path);
    if (file.blob) return file.blob().stream();
    return new Blob([await file.arrayBuffer()]).stream();
  }

  async blob(path: string): Promise<Blob> {
    const file = this.file(path);
    return file.blob ? file.blob() : new Blob([await file.arrayBuffer()]);
  }

  private file(path: string): FileLike {
    const file = this.files.get(normalizePath(path));
    if (!file) throw new Error(`No such file: ${path}`);
    return file;
  }
}

/** The top folder shared by every path, if any. */
function commonRoot(paths: string[]): string | undefined {
  const first = paths[0]?.split('/')[0];
  if (!first || !paths.every((p) => p.startsWith(first + '/'))) return undefined;
  return first;
}
