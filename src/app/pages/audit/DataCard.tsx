import { useState } from 'react';
import { compileFilters, parseFilter, type FilterSchema } from '../../../lab/audit/filters';
import type { DatasetManifest } from '../../../lab/data/types';
import type { AuditSplit, DataChoice } from './state';

const SPLITS: AuditSplit[] = ['all', 'train', 'val', 'test'];
/** Crossed privileged groups are offered while there are at most this many. */
const MAX_CROSSED = 40;

export function schemaOf(manifest: DatasetManifest): FilterSchema {
  return {
    categorical: Object.fromEntries(manifest.categorical.map((a) => [a.name, a.values])),
    numeric: manifest.numeric.map((a) => a.name),
  };
}

/** The error a filter text would raise on this dataset, or null. */
export function filterProblem(text: string, manifest: DatasetManifest | null): string | null {
  try {
    const filter = parseFilter(text);
    if (manifest) compileFilters([filter], schemaOf(manifest));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Privileged-group choices: each group attribute's values, and their crossings when few. */
function privilegedOptions(manifest: DatasetManifest, groups: string[]): string[] {
  const values = groups.map((g) => manifest.categorical.find((a) => a.name === g)?.values ?? []);
  const single = values.flat();
  if (groups.length < 2) return single;
  const total = values.reduce((n, v) => n * v.length, 1);
  if (total > MAX_CROSSED) return single;
  const crossed = values.reduce<string[]>(
    (acc, v) => acc.flatMap((a) => v.map((x) => (a ? `${a}|${x}` : x))),
    [''],
  );
  return [...crossed, ...single];
}

/**
 * Which images are audited and how groups are compared: stored dataset, split, target, group
 * attributes, filters, positive label, privileged group, bootstrap replicates and an image cap.
 */
export function DataCard({
  datasets,
  manifest,
  data,
  onChange,
  disabled,
}: {
  /** null while the list is loading. */
  datasets: DatasetManifest[] | null;
  manifest: DatasetManifest | null;
  data: DataChoice;
  onChange: (data: DataChoice) => void;
  disabled: boolean;
}) {
  const [filterText, setFilterText] = useState('');
  const [filterError, setFilterError] = useState<string | null>(null);
  const set = (patch: Partial<DataChoice>) => onChange({ ...data, ...patch });
  const categorical = manifest?.categorical ?? [];
  const targetValues = categorical.find((a) => a.name === data.target)?.values ?? [];
  const counts = manifest?.split.counts;

  const addFilter = () => {
    const text = filterText.trim();
    if (!text) return;
    const problem = filterProblem(text, manifest);
    setFilterError(problem);
    if (problem) return;
    if (!data.filters.includes(text)) set({ filters: [...data.filters, text] });
    setFilterText('');
  };
  const toggleGroup = (name: string, on: boolean) => {
    const groups = on ? [...data.groupAttributes, name] : data.groupAttributes.filter((g) => g !== name);
    const ordered = categorical.map((a) => a.name).filter((n) => groups.includes(n));
    const options = manifest ? privilegedOptions(manifest, ordered) : [];
    set({ groupAttributes: ordered, privileged: options.includes(data.privileged) ? data.privileged : '' });
  };

  return (
    <div className="card" data-testid="data-card">
      <h2>3 · Data</h2>
      {datasets === null && (
        <p className="muted" data-testid="datasets-loading">
          Loading the stored datasets…
        </p>
      )}
      {datasets?.length === 0 && (
        <p className="notice" data-testid="no-datasets">
          No stored dataset. Generate one on the <a href="#/train">Train</a> page or import one on the{' '}
          <a href="#/data">Data</a> page — or audit a predictions CSV instead.
        </p>
      )}
      <fieldset className="mapping-grid" disabled={disabled}>
        <label>
          dataset
          <select
            value={data.datasetId}
            onChange={(e) => set({ datasetId: e.target.value })}
            data-testid="audit-dataset"
          >
            {!manifest && <option value="">{datasets === null ? 'loading…' : '—'}</option>}
            {(datasets ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.nImages} images, {d.image.size}×{d.image.size}×{d.image.channels})
              </option>
            ))}
          </select>
        </label>
        <label>
          split
          <select
            value={data.split}
            onChange={(e) => set({ split: e.target.value as AuditSplit })}
            data-testid="audit-split"
          >
            {SPLITS.map((s) => (
              <option key={s} value={s}>
                {s}
                {counts && s !== 'all'
                  ? ` (${counts[s]})`
                  : manifest && s === 'all'
                    ? ` (${manifest.nImages})`
                    : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          target (true label)
          <select
            value={data.target}
            onChange={(e) =>
              set({
                target: e.target.value,
                positive: '',
                groupAttributes: data.groupAttributes.filter((g) => g !== e.target.value),
              })
            }
            data-testid="audit-target"
          >
            {categorical.map((a) => (
              <option key={a.name} value={a.name}>
                {a.name} ({a.values.length} values)
              </option>
            ))}
          </select>
        </label>
        <label>
          positive label
          <select
            value={data.positive}
            onChange={(e) => set({ positive: e.target.value })}
            data-testid="audit-positive"
          >
            <option value="">auto</option>
            {targetValues.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
      </fieldset>

      <fieldset className="group-attributes" disabled={disabled} data-testid="audit-groups">
        <legend>
          Group attributes (several: their intersection, and each alone; none: overall and per class)
        </legend>
        {categorical
          .filter((a) => a.name !== data.target)
          .map((a) => (
            <label key={a.name} className="inline">
              <input
                type="checkbox"
                checked={data.groupAttributes.includes(a.name)}
                onChange={(e) => toggleGroup(a.name, e.target.checked)}
                data-testid={`audit-group-${a.name}`}
              />
              {a.name}
              {a.sensitive ? '' : ' (not sensitive)'}
            </label>
          ))}
        {manifest && data.groupAttributes.length === 0 && (
          <p className="muted" data-testid="audit-no-groups">
            No groups given: the report gives overall and per-class accuracy only, with no comparison between
            groups.
          </p>
        )}
      </fieldset>

      <fieldset disabled={disabled} data-testid="audit-filters">
        <legend>Filters</legend>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            addFilter();
          }}
        >
          <input
            type="text"
            value={filterText}
            placeholder="e.g. age>=18 or race!=others"
            onChange={(e) => {
              setFilterText(e.target.value);
              setFilterError(null);
            }}
            data-testid="filter-input"
          />
          <button type="submit" disabled={!filterText.trim()} data-testid="filter-add">
            Add filter
          </button>
          {manifest && (
            <span className="muted">
              attributes:{' '}
              {[...manifest.numeric.map((a) => `${a.name} (number)`), ...categorical.map((a) => a.name)].join(
                ', ',
              )}
            </span>
          )}
        </form>
        {filterError && (
          <p className="error" data-testid="filter-error">
            {filterError}
          </p>
        )}
        <div className="chips">
          {data.filters.map((f, i) => {
            const problem = filterProblem(f, manifest);
            return (
              <span
                key={f}
                className={`chip${problem ? ' chip-bad' : ''}`}
                title={problem ?? undefined}
                data-testid={`filter-${i}`}
              >
                {f}{' '}
                <button
                  type="button"
                  className="link"
                  aria-label={`remove filter ${f}`}
                  onClick={() => set({ filters: data.filters.filter((x) => x !== f) })}
                  data-testid={`filter-remove-${i}`}
                >
                  ×
                </button>
              </span>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="mapping-grid" disabled={disabled}>
        <label>
          privileged group (AIF360 view)
          <select
            value={data.privileged}
            onChange={(e) => set({ privileged: e.target.value })}
            data-testid="audit-privileged"
          >
            <option value="">default</option>
            {manifest &&
              privilegedOptions(manifest, data.groupAttributes).map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
          </select>
        </label>
        <label>
          bootstrap replicates (0 = no intervals)
          <input
            type="number"
            min={0}
            step={100}
            value={data.bootstrap}
            onChange={(e) => set({ bootstrap: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
            data-testid="audit-bootstrap"
          />
        </label>
        <label>
          at most N images (0 = all)
          <input
            type="number"
            min={0}
            value={data.limit}
            onChange={(e) => set({ limit: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
            data-testid="audit-limit"
          />
        </label>
      </fieldset>
    </div>
  );
}
