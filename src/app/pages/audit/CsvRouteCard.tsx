import { GroupColumns } from './GroupColumns';
import { useState } from 'react';
import { defaultGroupColumns, FIXED_COLUMNS } from '../../../lab/audit/predictions';
import { parseCsv } from '../../../lab/util/csv';
import type { PredictionsCsvRequest } from '../../../worker/api/audit';
import { DEFAULT_BOOTSTRAP } from './state';

const FIXED: readonly string[] = FIXED_COLUMNS;

interface PickedCsv {
  name: string;
  text: string;
  header: string[];
  labels: string[];
  rows: number;
}

/**
 * The predictions-CSV route: predictions made elsewhere (file,y_true,y_pred,score,<groups>)
 * get the same report as a model audit.
 */
export function CsvRouteCard({
  onRun,
  disabled,
}: {
  onRun: (request: PredictionsCsvRequest) => void;
  disabled: boolean;
}) {
  const [csv, setCsv] = useState<PickedCsv | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [groupCols, setGroupCols] = useState<string[]>([]);
  const [filters, setFilters] = useState('');
  const [positive, setPositive] = useState('');
  const [privileged, setPrivileged] = useState('');
  const [bootstrap, setBootstrap] = useState(DEFAULT_BOOTSTRAP);

  const pick = async (file: File) => {
    try {
      const text = await file.text();
      const table = parseCsv(text);
      const col = (name: string) => table.header.indexOf(name);
      const labels = new Set<string>();
      for (const row of table.rows) {
        for (const name of ['y_true', 'y_pred']) if (col(name) >= 0) labels.add(row[col(name)].trim());
      }
      setCsv({
        name: file.name,
        text,
        header: table.header,
        labels: [...labels].sort(),
        rows: table.rows.length,
      });
      setGroupCols(defaultGroupColumns(table.header));
      setPositive('');
      setPrivileged('');
      setReadError(null);
    } catch (error) {
      setCsv(null);
      setReadError(`${file.name}: ${(error as Error).message}`);
    }
  };
  const extra = csv?.header.filter((h) => !FIXED.includes(h)) ?? [];

  return (
    <div className="card" data-testid="csv-card">
      <h2>Predictions CSV</h2>
      <p className="muted">
        Columns <code>file,y_true,y_pred,score</code> (file and score optional, <code>sample_weight</code>{' '}
        too) and group columns (none: overall and per class only); other columns can be filtered on. The same
        reader as <code>npm run lab -- metrics --input</code>.
      </p>
      <label className="file-button">
        Choose a predictions CSV…
        <input
          type="file"
          accept=".csv,text/csv"
          disabled={disabled}
          data-testid="csv-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void pick(file);
            e.target.value = '';
          }}
        />
      </label>
      {readError && (
        <p className="error" role="alert">
          {readError}
        </p>
      )}
      {csv && (
        <>
          <GroupColumns
            source={csv}
            extra={extra}
            groupCols={groupCols}
            onGroupCols={setGroupCols}
            disabled={disabled}
            testId="csv"
          >
            {groupCols.length === 0 && (
              <p className="muted" data-testid="csv-no-groups">
                No groups given: the report gives overall and per-class accuracy only.
              </p>
            )}
          </GroupColumns>
          <fieldset className="mapping-grid" disabled={disabled}>
            <label>
              filters, one per line
              <textarea
                rows={2}
                value={filters}
                placeholder="age>=18"
                onChange={(e) => setFilters(e.target.value)}
                data-testid="csv-filters"
              />
            </label>
            <label>
              positive label
              <select
                value={positive}
                onChange={(e) => setPositive(e.target.value)}
                data-testid="csv-positive"
              >
                <option value="">none (multiclass)</option>
                {csv.labels.map((l) => (
                  <option key={l}>{l}</option>
                ))}
              </select>
            </label>
            <label>
              privileged group
              <input
                type="text"
                value={privileged}
                placeholder="e.g. white"
                onChange={(e) => setPrivileged(e.target.value)}
                data-testid="csv-privileged"
              />
            </label>
            <label>
              bootstrap replicates
              <input
                type="number"
                min={0}
                step={100}
                value={bootstrap}
                onChange={(e) => setBootstrap(Math.max(0, Math.round(Number(e.target.value) || 0)))}
                data-testid="csv-bootstrap"
              />
            </label>
          </fieldset>
          <button
            type="button"
            className="primary"
            disabled={disabled}
            onClick={() =>
              onRun({
                text: csv.text,
                name: csv.name,
                groupCols,
                filters: filters
                  .split('\n')
                  .map((f) => f.trim())
                  .filter(Boolean),
                positive: positive || undefined,
                privileged: privileged.trim() || undefined,
                bootstrap,
              })
            }
            data-testid="csv-run"
          >
            Audit the predictions
          </button>
        </>
      )}
    </div>
  );
}
