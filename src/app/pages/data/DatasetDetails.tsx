import { useEffect, useState } from 'react';
import { MIN_GROUP_COUNT } from '../../../lab/data/import/group-warnings';
import { SPLIT_NAMES, type DatasetManifest } from '../../../lab/data/types';
import type { SampleImages } from '../../../worker/api/datasets';
import { SPLIT_AXIS, type CrossTable, type CrossTableRequest } from '../../../worker/api/imports';
import { ImageGrid } from '../../components/ImageGrid';
import { useLab } from '../../lab-session';
import { axisLabel, CrossCountsTable } from './CrossCountsTable';

/** Targets with more values than this (e.g. identity) make poor table columns. */
const MAX_TABLE_COLUMNS = 20;
/** Sample rows shown at most (one per value). */
const MAX_SAMPLE_ROWS = 12;
/** Shown side of a sample image in CSS pixels, whatever the stored size. */
const SAMPLE_PIXELS = 80;

type Tables =
  { status: 'loading' } | { status: 'ready'; tables: CrossTable[] } | { status: 'failed'; error: string };

/** Default axes: rows a group (sensitive attribute), columns a label (target); else split. */
function defaultAxes(dataset: DatasetManifest) {
  const size = (name: string) => dataset.categorical.find((a) => a.name === name)?.values.length ?? Infinity;
  const sensitive = dataset.categorical.filter((a) => a.sensitive).map((a) => a.name);
  const cols = dataset.targets.find((t) => size(t) <= MAX_TABLE_COLUMNS) ?? SPLIT_AXIS;
  const rows =
    sensitive.find((s) => s !== cols) ?? dataset.categorical.find((a) => a.name !== cols)?.name ?? SPLIT_AXIS;
  // Intersections of the two coarsest groups (e.g. race × gender), the larger one as rows.
  const [small, larger] = [...sensitive].sort((a, b) => size(a) - size(b));
  return { rows, cols, groupA: larger ?? '', groupB: small ?? '' };
}

/**
 * A stored dataset: its split (with identities per split for identity-disjoint splits), counts
 * per attribute, group × label and intersectional group tables (computed in the Worker from the
 * shards), warnings and a sample grid per group.
 */
export function DatasetDetails({ dataset }: { dataset: DatasetManifest }) {
  const { client } = useLab();
  const defaults = defaultAxes(dataset);
  const sensitive = dataset.categorical.filter((a) => a.sensitive);
  const [rows, setRows] = useState(defaults.rows);
  const [cols, setCols] = useState(defaults.cols);
  const [groupA, setGroupA] = useState(defaults.groupA);
  const [groupB, setGroupB] = useState(defaults.groupB);
  const [tables, setTables] = useState<Tables>({ status: 'loading' });
  const identity =
    dataset.split.kind === 'identity-disjoint' &&
    dataset.categorical.some((a) => a.name === dataset.split.by[0])
      ? dataset.split.by[0]
      : undefined;
  const isGroup = (name: string) => sensitive.some((a) => a.name === name);
  const intersectional = sensitive.length >= 2 && groupA !== '' && groupB !== '' && groupA !== groupB;

  useEffect(() => {
    const requests: CrossTableRequest[] = [{ rows, cols }];
    if (intersectional) requests.push({ rows: groupA, cols: groupB });
    if (identity) requests.push({ rows: SPLIT_AXIS, cols: identity });
    let stale = false;
    setTables({ status: 'loading' });
    client.call('crossCounts', { id: dataset.id, tables: requests }).promise.then(
      (result) => !stale && setTables({ status: 'ready', tables: result }),
      (error: Error) => !stale && setTables({ status: 'failed', error: error.message }),
    );
    return () => {
      stale = true;
    };
  }, [client, dataset.id, rows, cols, groupA, groupB, intersectional, identity]);

  const ready = tables.status === 'ready' ? tables.tables : null;
  const groupLabel = ready?.[0];
  const groupTable = intersectional ? ready?.[1] : undefined;
  const identityTable = identity ? ready?.[ready.length - 1] : undefined;
  const axisOptions = [
    ...dataset.categorical.map((a) => ({
      value: a.name,
      label: `${a.name}${a.sensitive ? ' (group)' : ''}`,
    })),
    { value: SPLIT_AXIS, label: 'split' },
  ];
  const source = dataset.source;

  return (
    <div className="dataset-details" data-testid="dataset-details">
      <h3>{dataset.name}</h3>
      <p className="muted">
        {source.kind === 'import'
          ? `Imported from ${source.origin} (${source.format})`
          : source.kind === 'bundle'
            ? `From bundle ${source.origin}`
            : 'Synthetic'}{' '}
        · {dataset.nImages} images · {dataset.image.size}×{dataset.image.size}×{dataset.image.channels} ·{' '}
        {new Date(dataset.createdAt).toLocaleString()}
      </p>
      {dataset.warnings.length > 0 && (
        <ul className="warning" data-testid="dataset-warnings">
          {dataset.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}

      <SplitSummary dataset={dataset} identity={identity} identityTable={identityTable} />

      <h4>Counts by group × label</h4>
      <div className="row">
        <label>
          Rows
          <select value={rows} onChange={(e) => setRows(e.target.value)} data-testid="cross-rows">
            {axisOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Columns
          <select value={cols} onChange={(e) => setCols(e.target.value)} data-testid="cross-cols">
            {axisOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          Cells under {MIN_GROUP_COUNT} images are <span className="cell-small">marked</span>: their metrics
          are noisy.
        </span>
      </div>
      {tables.status === 'loading' && <p className="muted">Counting…</p>}
      {tables.status === 'failed' && (
        <p className="error" role="alert">
          {tables.error}
        </p>
      )}
      {groupLabel && (
        <CrossCountsTable
          table={groupLabel}
          testId="cross-counts"
          minCount={isGroup(groupLabel.rows) || isGroup(groupLabel.cols) ? MIN_GROUP_COUNT : 0}
        />
      )}

      {sensitive.length >= 2 && (
        <>
          <h4>Intersectional groups</h4>
          <div className="row">
            <label>
              Group
              <select value={groupA} onChange={(e) => setGroupA(e.target.value)} data-testid="intersect-a">
                {sensitive.map((a) => (
                  <option key={a.name}>{a.name}</option>
                ))}
              </select>
            </label>
            <span>×</span>
            <label>
              Group
              <select value={groupB} onChange={(e) => setGroupB(e.target.value)} data-testid="intersect-b">
                {sensitive.map((a) => (
                  <option key={a.name}>{a.name}</option>
                ))}
              </select>
            </label>
          </div>
          {!intersectional && <p className="muted">Pick two different attributes.</p>}
          {groupTable && (
            <CrossCountsTable table={groupTable} testId="intersectional-counts" minCount={MIN_GROUP_COUNT} />
          )}
        </>
      )}

      <h4>Counts per attribute</h4>
      <div className="counts">
        {Object.entries(dataset.counts).map(([name, counts]) => (
          <div key={name} className="scroll-box counts-box">
            <table className="table" data-testid={`counts-${name}`}>
              <thead>
                <tr>
                  <th>{name}</th>
                  <th>images</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(counts).map(([value, count]) => (
                  <tr key={value}>
                    <td>{value}</td>
                    <td className={isGroup(name) && count > 0 && count < MIN_GROUP_COUNT ? 'cell-small' : ''}>
                      {count}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>

      <Samples dataset={dataset} />
    </div>
  );
}

/** Split kind and images per split; for identity-disjoint splits, identities per split. */
function SplitSummary({
  dataset,
  identity,
  identityTable,
}: {
  dataset: DatasetManifest;
  identity: string | undefined;
  identityTable: CrossTable | undefined;
}) {
  const { split } = dataset;
  const identities = identityTable?.counts.map((row) => row.filter((n) => n > 0).length);
  const shared = identityTable
    ? identityTable.colValues.filter((_, c) => identityTable.counts.filter((row) => row[c] > 0).length > 1)
        .length
    : 0;
  return (
    <div className="split-summary" data-testid="split-summary">
      <h4>
        Split: <span data-testid="split-kind">{split.kind}</span>
        <span className="muted">
          {' '}
          (seed {split.seed}
          {split.by.length > 0 ? `, by ${split.by.join(', ')}` : ''})
        </span>
      </h4>
      <table className="table">
        <thead>
          <tr>
            <th>split</th>
            <th>images</th>
            <th>share</th>
            {identity && <th>{identity === 'identity' ? 'identities' : `${identity} values`}</th>}
          </tr>
        </thead>
        <tbody>
          {SPLIT_NAMES.map((name, i) => (
            <tr key={name}>
              <td>{name}</td>
              <td data-testid={`split-${name}-images`}>{split.counts[name]}</td>
              <td>
                {dataset.nImages > 0 ? `${Math.round((100 * split.counts[name]) / dataset.nImages)}%` : '–'}
              </td>
              {identity && (
                <td data-testid={`split-${name}-identities`}>{identities ? identities[i] : '…'}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {identityTable && (
        <p className={shared === 0 ? 'muted' : 'error'} data-testid="split-disjoint">
          {shared === 0
            ? `Identity-disjoint: none of the ${identityTable.colValues.length} ${axisLabel(identity!)} values appears in two splits.`
            : `${shared} ${axisLabel(identity!)} values appear in more than one split.`}
        </p>
      )}
    </div>
  );
}

/** A grid of sample images per value of a group attribute (any attribute when none is sensitive). */
function Samples({ dataset }: { dataset: DatasetManifest }) {
  const { client } = useLab();
  const sensitive = dataset.categorical.filter((a) => a.sensitive);
  const options = sensitive.length > 0 ? sensitive : dataset.categorical;
  const [attribute, setAttribute] = useState(options[0]?.name ?? '');
  const [samples, setSamples] = useState<[string, SampleImages][]>([]);
  const attr = dataset.categorical.find((a) => a.name === attribute);
  useEffect(() => {
    if (!attr) return;
    let stale = false;
    Promise.all(
      attr.values.slice(0, MAX_SAMPLE_ROWS).map(async (value) => {
        const result = await client.call('sampleImages', {
          id: dataset.id,
          attribute: attr.name,
          value,
          count: 8,
        }).promise;
        return [value, result] as [string, SampleImages];
      }),
    ).then(
      (entries) => !stale && setSamples(entries),
      () => !stale && setSamples([]),
    );
    return () => {
      stale = true;
    };
  }, [client, dataset.id, attr]);
  if (options.length === 0) return null;
  return (
    <>
      <h4>Samples</h4>
      <label>
        Samples by{' '}
        <select value={attribute} onChange={(e) => setAttribute(e.target.value)} data-testid="samples-by">
          {options.map((a) => (
            <option key={a.name}>{a.name}</option>
          ))}
        </select>
      </label>
      {attr && attr.values.length > MAX_SAMPLE_ROWS && (
        <p className="muted">
          First {MAX_SAMPLE_ROWS} of {attr.values.length} values.
        </p>
      )}
      {samples.map(([value, s]) => (
        <div key={value} className="sample-row" data-testid={`samples-${value}`}>
          <strong>{value}</strong>
          <ImageGrid images={s.images} size={s.size} channels={s.channels} scale={SAMPLE_PIXELS / s.size} />
        </div>
      ))}
    </>
  );
}
