import { useEffect, useState } from 'react';
import { DropZone } from '../../components/DropZone';
import type { ImportFormat } from '../../../lab/data/import/formats';
import type { CsvMapping } from '../../../lab/data/import/generic-csv';
import type { DatasetManifest } from '../../../lab/data/types';
import type { StorageEstimate } from '../../../lab/store/quota';
import type { ImportOutcome, ImportPreview, ImportRequest } from '../../../worker/api/imports';
import { JobProgress } from '../../components/JobProgress';
import { useJob } from '../../hooks/useJob';
import { useLab } from '../../lab-session';
import { CsvMappingStep, emptyMapping, fitMapping, mappingReady } from './CsvMappingStep';
import { FORMAT_INFO, OPTIONAL_CSV_FORMATS } from './formats';
import { ImportResultPanel } from './ImportResultPanel';
import { droppedSource, formatBytes, pickedFolder, zipSource, type PickedSource } from './sources';

const FORMATS = Object.keys(FORMAT_INFO) as ImportFormat[];
const MIN_SIZE = 16;
const MAX_SIZE = 128;
const DEFAULT_SIZE = 64;
/** Attributes with more values than this are summarised ("40 values") in the preview. */
const MAX_LISTED_VALUES = 12;

type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: ImportPreview }
  | { status: 'failed'; error: string };

/** `<input webkitdirectory>`: not in React's input props, so passed through as plain attributes. */
const DIRECTORY_PICKER = { webkitdirectory: '', directory: '' } as Record<string, string>;

/**
 * Import a face dataset: format, folder / drop / zip, target size and name; a preview of what
 * the importer found (and for CSV the column mapping) before anything is written; then the
 * import with progress, ETA and Cancel, and its report.
 */
export function ImportCard({
  estimate,
  onImported,
}: {
  estimate: StorageEstimate | null | undefined;
  onImported: (manifest: DatasetManifest | null) => void;
}) {
  const { client } = useLab();
  const [format, setFormat] = useState<ImportFormat>('utkface');
  const [picked, setPicked] = useState<PickedSource | null>(null);
  const [csvPath, setCsvPath] = useState('');
  const [mapping, setMapping] = useState<CsvMapping>(emptyMapping());
  const [size, setSize] = useState(DEFAULT_SIZE);
  const [name, setName] = useState('');
  const [channels, setChannels] = useState<'auto' | 1 | 3>('auto');
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });
  const [dropError, setDropError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportOutcome | null>(null);
  /** The last job's outcome (cancelled / failed) stays shown until another source is chosen. */
  const [jobShown, setJobShown] = useState(false);
  const job = useJob<ImportOutcome>();
  const running = job.state.status === 'running';

  const csvMapping = format === 'csv' && mappingReady(mapping) ? mapping : undefined;
  const request: ImportRequest | null = picked
    ? { format, source: picked.input, csvPath: csvPath || undefined, mapping: csvMapping }
    : null;

  useEffect(() => {
    if (!picked) return;
    let stale = false;
    setPreview({ status: 'loading' });
    const call = client.call('previewImport', {
      format,
      source: picked.input,
      csvPath: csvPath || undefined,
      mapping: csvMapping,
    });
    call.promise.then(
      (value) => {
        if (stale) return;
        setPreview({ status: 'ready', value });
        if (value.csv) {
          const fitted = fitMapping(mapping, value.csv.header, value.csv.fileColumn);
          if (JSON.stringify(fitted) !== JSON.stringify(mapping)) setMapping(fitted);
        }
      },
      (error: Error) => !stale && setPreview({ status: 'failed', error: error.message }),
    );
    return () => {
      stale = true;
    };
    // csvMapping is derived from mapping and format.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, picked, format, csvPath, mapping]);

  const choose = (source: PickedSource | null) => {
    setDropError(null);
    if (!source) return;
    setPicked(source);
    setCsvPath('');
    setResult(null);
    setJobShown(false);
  };
  const onDrop = (data: DataTransfer) => {
    droppedSource(data).then(
      (source) => (source ? choose(source) : setDropError('Drop a folder of images or one .zip file.')),
      (error: Error) => setDropError(`Could not read the drop: ${error.message}`),
    );
  };

  const ready = preview.status === 'ready' ? preview.value : null;
  const plan = ready && !ready.planError ? ready.plan : undefined;
  const sizeValid = Number.isInteger(size) && size >= MIN_SIZE && size <= MAX_SIZE;
  const needed = plan ? plan.nImages * size * size * (channels === 1 ? 1 : 3) : 0;
  const free = estimate?.quota !== undefined ? estimate.quota - (estimate.usage ?? 0) : undefined;
  const canImport = !!request && !!plan && plan.nImages > 0 && sizeValid && !running;

  const start = async () => {
    if (!request || !ready) return;
    setResult(null);
    setJobShown(true);
    const outcome = await job.start((onProgress) =>
      client.call(
        'importDataset',
        {
          ...request,
          csvPath: format === 'csv' ? ready.csv?.path : request.csvPath,
          options: { name: name.trim() || undefined, size, channels },
        },
        onProgress,
      ),
    );
    if (outcome) {
      // Done with this source: the card now shows the result, not a second Import button.
      setResult(outcome);
      setPicked(null);
      setPreview({ status: 'idle' });
      setName('');
    }
    onImported(outcome?.manifest ?? null);
  };

  return (
    <div className="card" data-testid="import-card">
      <h2>Import a dataset</h2>
      <div className="row">
        <label>
          Format
          <select
            value={format}
            disabled={running}
            onChange={(e) => {
              setFormat(e.target.value as ImportFormat);
              setCsvPath('');
            }}
            data-testid="import-format"
          >
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_INFO[f].label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted format-layout">{FORMAT_INFO[format].layout}</span>
      </div>
      <div className="import-sources">
        <label className="file-button">
          Choose folder…
          <input
            type="file"
            multiple
            {...DIRECTORY_PICKER}
            disabled={running}
            data-testid="import-folder"
            onChange={(e) => {
              if (e.target.files) choose(pickedFolder(e.target.files));
              e.target.value = '';
            }}
          />
        </label>
        <label className="file-button">
          Choose .zip…
          <input
            type="file"
            accept=".zip,application/zip"
            disabled={running}
            data-testid="import-zip"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) choose(zipSource(file));
              e.target.value = '';
            }}
          />
        </label>
        <DropZone testId="import-drop" onDrop={onDrop} disabled={running}>
          …or drop a folder or a .zip here
        </DropZone>
      </div>
      {dropError && <p className="error">{dropError}</p>}
      {picked && (
        <p data-testid="import-source">
          Source: <strong>{picked.description}</strong>
        </p>
      )}

      {preview.status === 'loading' && <p className="muted">Reading labels…</p>}
      {preview.status === 'failed' && (
        <p className="error" role="alert" data-testid="import-preview-error">
          {preview.error}
        </p>
      )}
      {ready && OPTIONAL_CSV_FORMATS.includes(format) && ready.csvFiles.length > 0 && (
        <label>
          Attributes CSV (optional: adds sensitive attributes)
          <select
            value={csvPath}
            onChange={(e) => setCsvPath(e.target.value)}
            data-testid="import-attributes-csv"
          >
            <option value="">none</option>
            {ready.csvFiles.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
      )}
      {ready && format === 'csv' && ready.csvFiles.length > 1 && (
        <label>
          CSV file
          <select
            value={ready.csv?.path ?? ''}
            onChange={(e) => setCsvPath(e.target.value)}
            data-testid="import-csv-file"
          >
            {ready.csvFiles.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
      )}
      {ready?.csv && <CsvMappingStep preview={ready.csv} mapping={mapping} onChange={setMapping} />}
      {ready?.planError && (
        <p className="error" role="alert" data-testid="import-preview-error">
          {ready.planError}
        </p>
      )}
      {plan && <PlanSummary preview={ready!} />}

      <div className="row import-options">
        <label>
          Target size (px, {MIN_SIZE}–{MAX_SIZE})
          <input
            type="number"
            min={MIN_SIZE}
            max={MAX_SIZE}
            step={8}
            value={Number.isFinite(size) ? size : ''}
            disabled={running}
            onChange={(e) => setSize(e.target.valueAsNumber)}
            data-testid="import-size"
          />
        </label>
        <label>
          Channels
          <select
            value={String(channels)}
            disabled={running}
            onChange={(e) =>
              setChannels(e.target.value === 'auto' ? 'auto' : (Number(e.target.value) as 1 | 3))
            }
            data-testid="import-channels"
          >
            <option value="auto">auto (as the first image)</option>
            <option value="3">colour (RGB)</option>
            <option value="1">gray</option>
          </select>
        </label>
        <label>
          Name
          <input
            type="text"
            value={name}
            placeholder={picked?.name ?? 'dataset name'}
            disabled={running}
            onChange={(e) => setName(e.target.value)}
            data-testid="import-name"
          />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!canImport}
          onClick={start}
          data-testid="import-start"
        >
          Import{plan ? ` ${plan.nImages.toLocaleString('en-US')} images` : ''}
        </button>
      </div>
      {!sizeValid && (
        <p className="error" role="alert">
          The target size must be a whole number from {MIN_SIZE} to {MAX_SIZE}.
        </p>
      )}
      <p className="muted" data-testid="storage-estimate">
        Browser storage:{' '}
        {estimate === undefined
          ? 'checking…'
          : estimate === null || estimate.quota === undefined
            ? 'unknown (this browser does not report it)'
            : `${((estimate.usage ?? 0) / 1e6).toFixed(1)} MB used of ${(estimate.quota / 1e9).toFixed(1)} GB`}
        {plan && sizeValid && (
          <>
            {' '}
            · this import needs up to {formatBytes(needed)} ({plan.nImages.toLocaleString('en-US')} × {size}×
            {size}
            ×3 bytes)
          </>
        )}
      </p>
      {plan && free !== undefined && needed > free && (
        <p className="warning" data-testid="import-quota-warning">
          This import may not fit: it needs up to {formatBytes(needed)} but about{' '}
          {formatBytes(Math.max(0, free))} is free. Pick a smaller size or delete datasets first; a failed
          import saves nothing.
        </p>
      )}
      {(running || jobShown) && <JobProgress state={job.state} onCancel={job.cancel} label="import" />}
      {result && <ImportResultPanel result={result} onDismiss={() => setResult(null)} />}
    </div>
  );
}

/**
 * What the import will do, from the same checks it runs before decoding; decoding errors are
 * named as the one thing only the import can find.
 */
function PlanSummary({ preview }: { preview: ImportPreview }) {
  const plan = preview.plan!;
  const n = (count: number) => count.toLocaleString('en-US');
  return (
    <div className="plan-summary" data-testid="import-preview">
      <p>
        Will import <strong data-testid="import-preview-images">{n(plan.nImages)}</strong> labelled images of{' '}
        {n(preview.nFiles)} files · <span data-testid="import-preview-skipped">{n(plan.nSkipped)}</span>{' '}
        skipped for their labels or split ·{' '}
        <span data-testid="import-preview-ignored">{n(plan.nIgnored)}</span> ignored (not images or label
        files) · split {plan.split}
        {plan.sensitive.length > 0 ? ` · groups: ${plan.sensitive.join(', ')}` : ''}
      </p>
      <p className="muted" data-testid="import-preview-decode-note">
        Images that turn out corrupt or truncated are found only while importing: the import skips them and
        its report names each one, so it may store fewer than {n(plan.nImages)}.
      </p>
      <div className="chips">
        {Object.entries(plan.labelCounts).map(([attr, counts]) => {
          const values = Object.entries(counts);
          return (
            <span key={attr} className="chip">
              <strong>{attr}</strong>
              {plan.sensitive.includes(attr) ? ' (sensitive)' : ''}:{' '}
              {values.length > MAX_LISTED_VALUES
                ? `${values.length} values`
                : values.map(([v, c]) => `${v} ${c}`).join(' · ')}
            </span>
          );
        })}
      </div>
      {plan.warnings.length > 0 && (
        <ul className="warning" data-testid="import-preview-warnings">
          {plan.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <FileList
        testId="import-preview-skipped-list"
        files={plan.skipped}
        total={plan.nSkipped}
        summary={`${n(plan.nSkipped)} file${plan.nSkipped === 1 ? '' : 's'} will be skipped (labels, split)`}
      />
      <FileList
        testId="import-preview-ignored-list"
        files={plan.ignored}
        total={plan.nIgnored}
        summary={`${n(plan.nIgnored)} file${plan.nIgnored === 1 ? '' : 's'} will be ignored`}
      />
    </div>
  );
}

/** A folded list of files with their reasons, the first ones only when there are many. */
function FileList({
  files,
  total,
  summary,
  testId,
}: {
  files: { file: string; line?: number; reason: string }[];
  total: number;
  summary: string;
  testId: string;
}) {
  if (files.length === 0) return null;
  return (
    <details data-testid={testId}>
      <summary>{summary}</summary>
      <ul className="muted">
        {files.map((s, i) => (
          <li key={i}>
            <code>{s.file}</code>
            {s.line !== undefined ? ` (line ${s.line})` : ''}: {s.reason}
          </li>
        ))}
        {total > files.length && <li>… and {(total - files.length).toLocaleString('en-US')} more</li>}
      </ul>
    </details>
  );
}
