import type { CsvMapping, CsvPreview } from '../../../lab/data/import/generic-csv';

type Role = 'label' | 'sensitive' | 'numeric';
const ROLE_KEY: Record<Role, 'labelColumns' | 'sensitiveColumns' | 'numericColumns'> = {
  label: 'labelColumns',
  sensitive: 'sensitiveColumns',
  numeric: 'numericColumns',
};

export const emptyMapping = (fileColumn = ''): CsvMapping => ({
  fileColumn,
  labelColumns: [],
  sensitiveColumns: [],
  numericColumns: [],
});

/** A mapping the importer can run: a file column and at least one label or sensitive column. */
export function mappingReady(mapping: CsvMapping): boolean {
  return mapping.fileColumn !== '' && mapping.labelColumns.length + mapping.sensitiveColumns.length > 0;
}

/** The mapping restricted to the columns a (new) CSV has. */
export function fitMapping(mapping: CsvMapping, header: string[], guess?: string): CsvMapping {
  const has = (c: string) => header.includes(c);
  return {
    fileColumn: has(mapping.fileColumn) ? mapping.fileColumn : (guess ?? ''),
    labelColumns: mapping.labelColumns.filter(has),
    sensitiveColumns: mapping.sensitiveColumns.filter(has),
    numericColumns: (mapping.numericColumns ?? []).filter(has),
  };
}

/**
 * The generic CSV's mapping step: which column names the image file, which are labels (targets),
 * sensitive attributes (groups) or numbers; with the CSV's first 20 rows.
 */
export function CsvMappingStep({
  preview,
  mapping,
  onChange,
}: {
  preview: CsvPreview & { path: string };
  mapping: CsvMapping;
  onChange: (mapping: CsvMapping) => void;
}) {
  const toggle = (role: Role, column: string, on: boolean) => {
    const key = ROLE_KEY[role];
    const current = mapping[key] ?? [];
    const next = on ? [...current.filter((c) => c !== column), column] : current.filter((c) => c !== column);
    // A column is either categorical (label / sensitive) or numeric, never both.
    const clear =
      role === 'numeric' && on
        ? ['labelColumns', 'sensitiveColumns']
        : role !== 'numeric' && on
          ? ['numericColumns']
          : [];
    const cleared = Object.fromEntries(
      clear.map((k) => [
        k,
        (mapping[k as keyof CsvMapping] as string[] | undefined)?.filter((c) => c !== column) ?? [],
      ]),
    );
    onChange({ ...mapping, ...cleared, [key]: next });
  };
  const samples = (i: number) => [...new Set(preview.rows.map((r) => r[i] ?? ''))].slice(0, 4).join(', ');
  return (
    <div className="csv-mapping" data-testid="csv-mapping">
      <h3>
        Map the columns of <code>{preview.path}</code> ({preview.nRows.toLocaleString('en-US')} rows)
      </h3>
      <table className="table">
        <thead>
          <tr>
            <th>column</th>
            <th title="The column naming each image file">file</th>
            <th title="A categorical label a model can predict">label</th>
            <th title="A demographic attribute that defines groups">sensitive</th>
            <th title="A numeric label, e.g. age">numeric</th>
            <th>first values</th>
          </tr>
        </thead>
        <tbody>
          {preview.header.map((column, i) => (
            <tr key={column} data-testid={`map-${column}`}>
              <td>
                <code>{column}</code>
              </td>
              <td>
                <input
                  type="radio"
                  name="csv-file-column"
                  aria-label={`${column} is the file column`}
                  checked={mapping.fileColumn === column}
                  onChange={() =>
                    onChange({
                      ...fitMapping(
                        mapping,
                        preview.header.filter((c) => c !== column),
                      ),
                      fileColumn: column,
                    })
                  }
                  data-testid={`map-file-${column}`}
                />
              </td>
              {(['label', 'sensitive', 'numeric'] as const).map((role) => (
                <td key={role}>
                  <input
                    type="checkbox"
                    aria-label={`${column} is a ${role} column`}
                    disabled={mapping.fileColumn === column}
                    checked={(mapping[ROLE_KEY[role]] ?? []).includes(column)}
                    onChange={(e) => toggle(role, column, e.target.checked)}
                    data-testid={`map-${role}-${column}`}
                  />
                </td>
              ))}
              <td className="muted">{samples(i)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!mappingReady(mapping) && (
        <p className="notice">Pick the file column and at least one label or sensitive column.</p>
      )}
      <details open>
        <summary>
          First {preview.rows.length} of {preview.nRows.toLocaleString('en-US')} rows
        </summary>
        <div className="scroll-box">
          <table className="table" data-testid="csv-preview">
            <thead>
              <tr>
                {preview.header.map((column) => (
                  <th key={column}>{column}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, r) => (
                <tr key={r}>
                  {preview.header.map((column, c) => (
                    <td key={column}>{row[c] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
