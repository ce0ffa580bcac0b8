import type { ImportFile, ImportSourceInput } from '../../../worker/api/imports';

/** What the user picked or dropped, ready to post to the Worker, with a line to show. */
export interface PickedSource {
  input: ImportSourceInput;
  /** e.g. "folder utkface-sample: 1,000 files (3.9 MB)". */
  description: string;
  /** The default dataset name. */
  name: string;
}

const number = (n: number) => n.toLocaleString('en-US');

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

function topFolder(paths: string[]): string | undefined {
  const first = paths[0]?.split('/')[0];
  return first && paths.every((p) => p.startsWith(first + '/')) ? first : undefined;
}

export function folderSource(files: ImportFile[], name?: string): PickedSource {
  const folder = name ?? topFolder(files.map((f) => f.path)) ?? 'files';
  const bytes = files.reduce((sum, f) => sum + f.file.size, 0);
  return {
    input: { kind: 'files', files, name: folder },
    description: `folder ${folder}: ${number(files.length)} files (${formatBytes(bytes)})`,
    name: folder,
  };
}

export function zipSource(zip: File): PickedSource {
  const name = zip.name.replace(/\.zip$/i, '');
  return { input: { kind: 'zip', zip }, description: `zip ${zip.name} (${formatBytes(zip.size)})`, name };
}

/** The files of an `<input webkitdirectory>`, with their paths inside the picked folder. */
export function pickedFolder(list: FileList): PickedSource | null {
  const files = Array.from(list, (file) => ({ file, path: file.webkitRelativePath || file.name }));
  return files.length > 0 ? folderSource(files) : null;
}

/**
 * A drop: one .zip, or folders and files (folders walked recursively with the File System
 * entries API, building each file's relative path). Entries are taken synchronously, as the
 * DataTransfer empties once the drop handler returns.
 */
export function droppedSource(transfer: DataTransfer): Promise<PickedSource | null> {
  const items = Array.from(transfer.items).filter((item) => item.kind === 'file');
  const taken = items.map((item) => ({ entry: item.webkitGetAsEntry?.() ?? null, file: item.getAsFile() }));
  if (taken.length === 0) {
    taken.push(...Array.from(transfer.files, (file) => ({ entry: null, file })));
  }
  return collect(taken);
}

async function collect(
  taken: { entry: FileSystemEntry | null; file: File | null }[],
): Promise<PickedSource | null> {
  if (taken.length === 1) {
    const only = taken[0];
    const file = only.entry?.isFile !== false ? only.file : null;
    if (file && /\.zip$/i.test(file.name)) return zipSource(file);
  }
  const files: ImportFile[] = [];
  for (const { entry, file } of taken) {
    if (entry?.isDirectory) await walk(entry as FileSystemDirectoryEntry, files);
    else if (file) files.push({ file, path: file.name });
  }
  if (files.length === 0) return null;
  const single = taken.length === 1 && taken[0].entry?.isDirectory ? taken[0].entry.name : undefined;
  return folderSource(files, single);
}

async function walk(directory: FileSystemDirectoryEntry, out: ImportFile[]): Promise<void> {
  const reader = directory.createReader();
  // readEntries returns at most ~100 entries per call; call until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return;
    for (const entry of batch) {
      if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, out);
      else {
        const file = await new Promise<File>((resolve, reject) =>
          (entry as FileSystemFileEntry).file(resolve, reject),
        );
        out.push({ file, path: entry.fullPath.replace(/^\/+/, '') });
      }
    }
  }
}
