import { useMemo, useState } from 'react';
import { resultColumns, resultRows, resultsCsv, type ResultRow } from '../../../lab/compress/results-table';
import type { SweepRecord } from '../../../lab/compress/sweep-types';
import { downloadFile } from '../../download';

const format = (value: ResultRow[string]) => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? value.toLocaleString() : value.toFixed(3);
};

/** Every setting of the sweep as a row: click a header to sort, download it all as CSV, export a model. */
export function ResultsTable({
  record,
  onExport,
}: {
  record: SweepRecord;
  onExport(settingKey: string): void;
}) {
  const columns = useMemo(() => resultColumns(record), [record]);
  const rows = useMemo(() => resultRows(record), [record]);
  const [sort, setSort] = useState<{ key: string; descending: boolean } | null>(null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const value = (r: ResultRow) => r[sort.key];
    return [...rows].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -order : order;
    });
  }, [rows, sort]);
  return (
    <div data-testid="results-table">
      <div className="row">
        <button
          type="button"
          onClick={() => downloadFile(`${record.id}.csv`, resultsCsv(record), 'text/csv')}
          data-testid="results-csv"
        >
          Download CSV
        </button>
        <span className="muted">Click a column to sort. Accuracy and CIs are means over the repeats.</span>
      </div>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key}>
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      setSort((s) => ({ key: c.key, descending: s?.key === c.key ? !s.descending : false }))
                    }
                    data-testid={`sort-${c.key}`}
                  >
                    {c.label}
                    {sort?.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
              <th>model</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={String(r.setting)} data-testid={`result-row-${String(r.setting)}`}>
                {columns.map((c) => (
                  <td key={c.key}>{format(r[c.key])}</td>
                ))}
                <td>
                  <button
                    type="button"
                    onClick={() => onExport(String(r.setting))}
                    data-testid={`export-${String(r.setting)}`}
                  >
                    Export compressed model
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
