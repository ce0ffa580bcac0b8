import { toCsv } from '../../util/csv';
import type { ImportResult } from './import-pipeline';

/**
 * The downloadable import report: one row per skipped file (file, line, reason), then one per
 * ignored file, its reason starting "ignored: ".
 */
export function importReportCsv(result: ImportResult): string {
  const rows = [
    ...result.skipped.map((s) => [s.file, s.line ?? '', s.reason]),
    ...result.ignored.map((s) => [s.file, '', `ignored: ${s.reason}`]),
  ];
  return toCsv(['file', 'line', 'reason'], rows);
}

export interface ImportReport {
  id: string;
  name: string;
  format: string;
  n_images: number;
  n_skipped: number;
  skipped: { file: string; reason: string; line?: number }[];
  /** Files neither imported nor read as labels, e.g. notes.txt. */
  n_ignored: number;
  ignored: { file: string; reason: string }[];
  counts: Record<string, Record<string, number>>;
  warnings: string[];
  split: ImportResult['manifest']['split'];
}

/** The same report as JSON (also what `lab import --json` prints). */
export function importReportJson(result: ImportResult): ImportReport {
  const { manifest, skipped } = result;
  return {
    id: manifest.id,
    name: manifest.name,
    format: manifest.source.kind === 'import' ? manifest.source.format : manifest.source.kind,
    n_images: manifest.nImages,
    n_skipped: skipped.length,
    skipped: skipped.map((s) => (s.line === undefined ? { file: s.file, reason: s.reason } : { ...s })),
    n_ignored: result.ignored.length,
    ignored: result.ignored.map((s) => ({ file: s.file, reason: s.reason })),
    counts: manifest.counts,
    warnings: manifest.warnings,
    split: manifest.split,
  };
}
