/** A sweep as one table: a row per setting, the columns the page sorts and the CSV carries. */
import { toCsv } from '../util/csv';
import type { SweepRecord } from './sweep-types';

export interface ResultColumn {
  key: string;
  label: string;
}

export type ResultRow = Record<string, string | number | null>;

export function resultColumns(record: SweepRecord): ResultColumn[] {
  const groups = Object.keys(record.settings[0]?.byGroup ?? {});
  const crossed = Object.keys(record.settings[0]?.byIntersection ?? {});
  return [
    { key: 'setting', label: 'setting' },
    { key: 'method', label: 'method' },
    { key: 'param', label: 'param' },
    { key: 'size_bytes', label: 'size (bytes)' },
    { key: 'size_deflate_bytes', label: 'DEFLATE (bytes)' },
    { key: 'parameters', label: 'parameters' },
    { key: 'sparsity', label: 'sparsity' },
    { key: 'distinct_values', label: 'distinct values' },
    { key: 'accuracy', label: 'accuracy' },
    ...groups.flatMap((g) => [
      { key: `acc_${g}`, label: `acc ${g}` },
      { key: `acc_${g}_ci_low`, label: `${g} CI low` },
      { key: `acc_${g}_ci_high`, label: `${g} CI high` },
    ]),
    ...crossed.map((g) => ({ key: `acc_${g}`, label: `acc ${g}` })),
    { key: 'disparity', label: record.disparity },
    ...groups.map((g) => ({ key: `cie_${g}`, label: `CIE ${g}` })),
  ];
}

export function resultRows(record: SweepRecord): ResultRow[] {
  return record.settings.map((s) => {
    const row: ResultRow = {
      setting: s.key,
      method: s.method,
      param: s.param,
      size_bytes: s.sizeBytes,
      size_deflate_bytes: s.sizeDeflateBytes,
      parameters: s.parameters,
      sparsity: s.sparsity,
      distinct_values: s.distinctValues,
      accuracy: s.accuracy,
      disparity: s.disparity,
    };
    for (const [g, v] of Object.entries(s.byGroup)) {
      row[`acc_${g}`] = v.accuracy;
      row[`acc_${g}_ci_low`] = v.ci?.[0] ?? null;
      row[`acc_${g}_ci_high`] = v.ci?.[1] ?? null;
    }
    for (const [g, v] of Object.entries(s.byIntersection)) row[`acc_${g}`] = v.accuracy;
    for (const [g, v] of Object.entries(s.cie?.byGroup ?? {})) row[`cie_${g}`] = v.fraction;
    return row;
  });
}

export function resultsCsv(record: SweepRecord): string {
  const columns = resultColumns(record);
  return toCsv(
    columns.map((c) => c.key),
    resultRows(record).map((row) => columns.map((c) => row[c.key] ?? '')),
  );
}
