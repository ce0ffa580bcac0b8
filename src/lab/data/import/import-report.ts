import type { ImportResult } from './import-pipeline';

/** The downloadable import report: one row per skipped file (file, line, reason). */
export function importReportCsv(result: ImportResult): string {
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = result.skipped.map((s) => [s.file, s.line === undefined ? '' : String(s.line), s.reason]);
  return [['file', 'line', 'reason'], ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';
}

export interface ImportReport {
  id: string;
  name: string;
  format: string;
  n_images: number;
  n_skipped: number;
  skipped: { file: string; reason: string; line?: number }[];
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
    counts: manifest.counts,
    warnings: manifest.warnings,
    split: manifest.split,
  };
}
