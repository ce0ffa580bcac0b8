import { SPLIT_AXIS, type CrossTable } from '../../../worker/api/imports';

export const axisLabel = (name: string) => (name === SPLIT_AXIS ? 'split' : name);

/**
 * Images per (row value, column value), with totals. Cells under `minCount` (but not empty) are
 * flagged: per-group metrics on them are noisy. Cells: data-testid `cell-<row>-<col>`.
 */
export function CrossCountsTable({
  table,
  testId,
  minCount,
}: {
  table: CrossTable;
  testId: string;
  minCount: number;
}) {
  const rowTotals = table.counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = table.colValues.map((_, c) => table.counts.reduce((sum, row) => sum + row[c], 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  return (
    <div className="scroll-box">
      <table
        className="table cross-table"
        data-testid={testId}
        data-rows={table.rows}
        data-cols={table.cols}
        aria-label={`${axisLabel(table.rows)} × ${axisLabel(table.cols)}`}
      >
        <thead>
          <tr>
            <th>
              {axisLabel(table.rows)} \ {axisLabel(table.cols)}
            </th>
            {table.colValues.map((v) => (
              <th key={v} data-testid="col-header">
                {v}
              </th>
            ))}
            <th>total</th>
          </tr>
        </thead>
        <tbody>
          {table.rowValues.map((row, r) => (
            <tr key={row} data-testid="cross-row">
              <th scope="row">{row}</th>
              {table.colValues.map((col, c) => {
                const n = table.counts[r][c];
                const small = n > 0 && n < minCount;
                return (
                  <td
                    key={col}
                    data-testid={`cell-${row}-${col}`}
                    className={n === 0 ? 'cell-empty' : small ? 'cell-small' : ''}
                    title={
                      small ? `fewer than ${minCount} images: metrics on this cell are noisy` : undefined
                    }
                  >
                    {n}
                  </td>
                );
              })}
              <td className="total" data-testid={`row-total-${row}`}>
                {rowTotals[r]}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">total</th>
            {colTotals.map((n, c) => (
              <td key={table.colValues[c]} className="total" data-testid={`col-total-${table.colValues[c]}`}>
                {n}
              </td>
            ))}
            <td className="total">{total}</td>
          </tr>
        </tfoot>
      </table>
      {table.missing > 0 && (
        <p className="muted">
          {table.missing} images have no {axisLabel(table.rows)} or no {axisLabel(table.cols)} value.
        </p>
      )}
    </div>
  );
}
