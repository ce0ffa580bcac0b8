import { normalizePath } from './file-source';

/**
 * Finds the file a label file refers to: relative to the label file's folder, relative to the
 * root, or as the unique path ending with the reference (archives often add a top folder).
 */
export function createPathResolver(paths: readonly string[]) {
  const exact = new Set(paths);
  const bySuffix = new Map<string, string | null>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const suffix = parts.slice(i).join('/');
      // null marks an ambiguous suffix.
      bySuffix.set(suffix, bySuffix.has(suffix) ? null : path);
    }
  }
  return (reference: string, baseDir = ''): string | undefined => {
    const ref = normalizePath(reference);
    if (!ref) return undefined;
    const relative = baseDir ? `${baseDir}/${ref}` : ref;
    if (exact.has(relative)) return relative;
    if (exact.has(ref)) return ref;
    return bySuffix.get(ref) ?? undefined;
  };
}
