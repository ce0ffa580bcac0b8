import { useMemo, useState } from 'react';
import type { PublishedResults } from '../../../lab/compress/published';
import type { SweepRecord } from '../../../lab/compress/sweep-types';
import { CieBrowser } from './CieBrowser';
import { GroupAccuracyChart } from './GroupAccuracyChart';
import { PublishedCard } from './PublishedCard';
import { ResultsTable } from './ResultsTable';
import { SeriesChart } from './SeriesChart';
import {
  groupAccuracyRows,
  parametricMethods,
  publishedGroupSeries,
  publishedSizeSeries,
  sizeAccuracySeries,
  sizeDisparitySeries,
  type SizeKind,
} from './series';

const PARAM_LABEL: Record<string, string> = {
  prune: 'sparsity (per layer)',
  'prune-global': 'sparsity (global)',
  'prune-structured': 'fraction of filters removed',
  cluster: 'clusters per layer (k)',
  'cluster-kmeans++': 'clusters per layer (k, k-means++)',
};
const paramLabel = (method: string) => PARAM_LABEL[method] ?? PARAM_LABEL[method.split('+')[0]] ?? method;

const STATUS: Record<SweepRecord['status'], string> = {
  running: 'running',
  done: 'done',
  cancelled: 'cancelled (the finished settings are kept)',
  failed: 'failed',
  interrupted: 'interrupted by a reload (the finished settings are kept)',
};

/** Step 3: a stored sweep's charts, table, CIEs and exports, with published results beside them. */
export function SweepResults({
  sweeps,
  selected,
  onSelect,
  onDelete,
  onExport,
  published,
  onPublished,
  publishedDataset,
  onPublishedDataset,
}: {
  sweeps: SweepRecord[];
  selected: SweepRecord | null;
  onSelect(id: string): void;
  onDelete(id: string): void;
  onExport(sweepId: string, settingKey: string): void;
  published: PublishedResults | null;
  onPublished(p: PublishedResults | null): void;
  publishedDataset: string;
  onPublishedDataset(d: string): void;
}) {
  const [kind, setKind] = useState<SizeKind>('deflate');
  const [relative, setRelative] = useState(true);
  const methods = useMemo(() => (selected ? parametricMethods(selected) : []), [selected]);
  const [method, setMethod] = useState('');
  const chosenMethod = methods.includes(method) ? method : (methods[0] ?? '');

  if (sweeps.length === 0)
    return (
      <div className="card">
        <h2>3 · Results</h2>
        <p className="muted">No sweeps yet. Each sweep you run is kept here, across reloads.</p>
      </div>
    );
  const record = selected ?? sweeps.at(-1)!;
  const sizeName = kind === 'deflate' ? 'DEFLATE size' : 'raw weight size';
  const xSize = relative ? `${sizeName}, relative to the uncompressed model (log)` : `${sizeName} (log)`;
  const overlay = published && publishedDataset ? published : null;
  const accuracySeries = [
    ...sizeAccuracySeries(record, kind, relative),
    ...(overlay && kind === 'deflate' ? publishedSizeSeries(overlay, publishedDataset, relative) : []),
  ];
  const groupData = chosenMethod ? groupAccuracyRows(record, chosenMethod) : null;
  const baseMethod = chosenMethod.replace('-kmeans++', '');
  return (
    <div className="card" data-testid="sweep-results">
      <h2>3 · Results</h2>
      <div className="row">
        <label>
          Sweep
          <select
            value={record.id}
            onChange={(e) => onSelect(e.target.value)}
            data-testid="compress-sweep-select"
          >
            {sweeps.map((s) => (
              <option key={s.id} value={s.id}>
                {s.model.name} on {s.datasetName} · {s.settings.length}/{s.total} settings ·{' '}
                {new Date(s.createdAt).toLocaleString()}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" data-testid="sweep-status" data-status={record.status}>
          {STATUS[record.status]}
          {record.error ? `: ${record.error}` : ''} · {record.options.repeats} repeat(s) · {record.target} by{' '}
          {record.groupAttribute} · {record.seconds.toFixed(1)} s
        </span>
        <button type="button" onClick={() => onDelete(record.id)} data-testid="sweep-delete">
          Delete sweep
        </button>
      </div>
      <div className="row">
        <label className="inline">
          <input
            type="radio"
            name="size-kind"
            checked={kind === 'deflate'}
            onChange={() => setKind('deflate')}
          />
          DEFLATE (zip) size
        </label>
        <label className="inline">
          <input
            type="radio"
            name="size-kind"
            checked={kind === 'raw'}
            onChange={() => setKind('raw')}
            data-testid="size-raw"
          />
          raw bytes
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={relative}
            onChange={(e) => setRelative(e.target.checked)}
            data-testid="size-relative"
          />
          relative to the uncompressed model
        </label>
      </div>
      <PublishedCard
        published={published}
        dataset={publishedDataset}
        onPublished={onPublished}
        onDataset={onPublishedDataset}
      />
      {overlay && kind === 'raw' && (
        <p className="muted">The published sizes are zip sizes: choose DEFLATE to compare them.</p>
      )}
      <div className="charts">
        <div className="chart">
          <h3>Size against accuracy</h3>
          <SeriesChart
            series={accuracySeries}
            testId="chart-size-accuracy"
            xLabel={xSize}
            yLabel="accuracy"
            relative={relative}
            yDomain={[0, 1]}
          />
        </div>
        <div className="chart">
          <h3>Size against {record.disparity}</h3>
          <SeriesChart
            series={sizeDisparitySeries(record, kind, relative)}
            testId="chart-size-disparity"
            xLabel={xSize}
            yLabel="disparity"
            relative={relative}
          />
        </div>
        {groupData && (
          <div className="chart">
            <h3>
              Accuracy per {record.groupAttribute} against{' '}
              <select
                value={chosenMethod}
                onChange={(e) => setMethod(e.target.value)}
                data-testid="group-chart-method"
              >
                {methods.map((m) => (
                  <option key={m} value={m}>
                    {paramLabel(m)} — {m}
                  </option>
                ))}
              </select>
            </h3>
            <GroupAccuracyChart
              rows={groupData.rows}
              groups={groupData.groups}
              published={overlay ? publishedGroupSeries(overlay, publishedDataset, baseMethod) : []}
              xLabel={paramLabel(chosenMethod)}
              logX={chosenMethod.startsWith('cluster')}
            />
          </div>
        )}
      </div>
      <ResultsTable record={record} onExport={(key) => onExport(record.id, key)} />
      <h3>Compression-identified exemplars</h3>
      <CieBrowser key={record.id} record={record} />
    </div>
  );
}
