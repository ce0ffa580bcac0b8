import type { ReactNode } from 'react';

/** A CSV's source line and a tick box per extra column to use as a group. */
export function GroupColumns({
  source,
  extra,
  groupCols,
  onGroupCols,
  disabled,
  testId,
  children,
}: {
  source: { name: string; rows: number; header: string[] };
  extra: string[];
  groupCols: string[];
  onGroupCols(cols: string[]): void;
  disabled: boolean;
  /** Prefix of the test ids: `${testId}-source`, `${testId}-group-<column>`. */
  testId: string;
  children?: ReactNode;
}) {
  return (
    <>
      <p data-testid={`${testId}-source`}>
        <strong>{source.name}</strong>: {source.rows} rows; columns {source.header.join(', ')}
      </p>
      <fieldset className="group-attributes" disabled={disabled}>
        <legend>Group columns</legend>
        {extra.map((h) => (
          <label key={h} className="inline">
            <input
              type="checkbox"
              checked={groupCols.includes(h)}
              onChange={(e) =>
                onGroupCols(e.target.checked ? [...groupCols, h] : groupCols.filter((g) => g !== h))
              }
              data-testid={`${testId}-group-${h}`}
            />
            {h}
          </label>
        ))}
        {children}
      </fieldset>
    </>
  );
}
