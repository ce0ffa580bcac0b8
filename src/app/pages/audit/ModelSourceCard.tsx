import { useCallback, useEffect, useState } from 'react';
import { DropZone } from '../../components/DropZone';
import { JobProgress } from '../../components/JobProgress';
import { useJob } from '../../hooks/useJob';
import type { RunRecord } from '../../../lab/runs/types';
import type { AuditModelFile, LoadAuditModelRequest, LoadedAuditModel } from '../../../worker/api/audit';
import { useLab } from '../../lab-session';
import { droppedSource } from '../data/sources';
import { ModelInfoPanel } from './ModelInfoPanel';
import { sampleModelJob, type SampleModel } from './sample-job';

type SourceKind = 'files' | 'url' | 'lab';

type LoadState =
  | { status: 'idle' }
  | { status: 'loading'; what: string }
  | { status: 'failed'; error: string; name: string };

async function readFiles(files: { file: File; path: string }[]): Promise<AuditModelFile[]> {
  return Promise.all(
    files.map(async ({ file, path }) => ({
      name: path || file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}

/**
 * Where the audited model comes from: its files (picker or drop: model.json and its weight
 * shards), a URL to model.json, a model trained in this lab, or the sample model trained here
 * in one click. Shows what the model takes and gives once loaded.
 */
export function ModelSourceCard({
  loaded,
  onLoaded,
  disabled,
}: {
  loaded: LoadedAuditModel | null;
  /** `sample` is set when the sample model was loaded (its dataset to audit on). */
  onLoaded: (model: LoadedAuditModel, sample?: SampleModel) => void;
  disabled: boolean;
}) {
  const { client, session } = useLab();
  const [kind, setKind] = useState<SourceKind>('files');
  const [url, setUrl] = useState('');
  /** null until the list has arrived. */
  const [runs, setRuns] = useState<RunRecord[] | null>(null);
  const [runId, setRunId] = useState('');
  const [load, setLoad] = useState<LoadState>({ status: 'idle' });
  const sample = useJob<SampleModel>();
  const [sampleNote, setSampleNote] = useState<string | null>(null);
  const ready = session.status === 'ready';

  const refreshRuns = useCallback(async () => {
    const list = await client.call('listRuns', undefined).promise;
    setRuns(list);
    setRunId((current) => (list.some((r) => r.id === current) ? current : (list.at(-1)?.id ?? '')));
  }, [client]);
  useEffect(() => {
    if (ready) void refreshRuns().catch(() => setRuns([]));
  }, [ready, refreshRuns]);

  const trainSample = async () => {
    setSampleNote(null);
    const result = await sample.start((onProgress) => sampleModelJob(client, onProgress));
    if (!result) return;
    await refreshRuns().catch(() => undefined);
    setSampleNote(
      result.trained
        ? `Trained and loaded the sample model (run ${result.run.id}, ${result.run.history.seconds.toFixed(1)} s on ${result.run.backend}).`
        : `Loaded the sample model trained here before (run ${result.run.id}).`,
    );
    onLoaded(result.model, result);
  };

  const start = async (what: string, request: () => Promise<LoadAuditModelRequest>) => {
    setLoad({ status: 'loading', what });
    try {
      const model = await client.call('loadAuditModel', await request()).promise;
      setLoad({ status: 'idle' });
      onLoaded(model);
    } catch (error) {
      const e = error as Error;
      setLoad({ status: 'failed', error: e.message, name: e.name });
    }
  };

  const loadFiles = (files: { file: File; path: string }[]) => {
    if (files.length === 0) return;
    const names = files.map((f) => f.file.name);
    void start(names.join(', '), async () => ({ files: await readFiles(files) }));
  };
  const onDrop = (data: DataTransfer) => {
    droppedSource(data).then(
      (source) => {
        if (source?.input.kind === 'files') loadFiles(source.input.files);
        else
          setLoad({
            status: 'failed',
            name: 'Error',
            error: source
              ? 'Unzip the model first: drop model.json and its .bin files.'
              : 'Drop model.json and its .bin files.',
          });
      },
      (error: Error) =>
        setLoad({ status: 'failed', name: 'Error', error: `Could not read the drop: ${error.message}` }),
    );
  };
  const loadRun = () => {
    const run = runs?.find((r) => r.id === runId);
    if (!run) return;
    void start(`run ${run.id}`, async () => {
      const files = await client.call('exportModel', { id: run.id }).promise;
      return {
        name: `${run.model.name} (${run.id})`,
        files: [
          { name: 'model.json', bytes: new TextEncoder().encode(files['model.json']) },
          { name: 'weights.bin', bytes: files['weights.bin'] },
        ],
      };
    });
  };
  const sampling = sample.state.status === 'running';
  const busy = disabled || !ready || load.status === 'loading' || sampling;

  return (
    <div className="card" data-testid="model-card">
      <h2>1 · Model</h2>
      <div className="sample-model" data-testid="sample-model">
        <p>
          <strong>No model at hand?</strong>{' '}
          <button type="button" disabled={busy} onClick={() => void trainSample()} data-testid="sample-train">
            Train a sample model here
          </button>
        </p>
        <p className="muted" data-testid="sample-explained">
          A toy model for trying the audit, not a real face model: the lab's quick CNN, trained for 3 epochs
          in this tab on the lab's own synthetic faces (2,400 images, 24 px grey, seed 1) to predict the
          facial expression. The bias knobs are at their defaults (80/20 skin groups; a worse camera and 15%
          label noise for "dark"; "light" faces often happy), so the audit should find a gap between skin
          groups. Nothing is downloaded; it takes seconds on WebGPU or wasm, and is kept as a run.
        </p>
        <JobProgress state={sample.state} onCancel={sample.cancel} label="sample" />
        {sampleNote && (
          <p className="notice" data-testid="sample-note">
            {sampleNote}
          </p>
        )}
      </div>
      <div className="row" role="radiogroup" aria-label="model source">
        {(
          [
            ['files', 'Files (model.json + .bin)'],
            ['url', 'URL'],
            ['lab', 'Trained in this lab'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="inline">
            <input
              type="radio"
              name="model-source"
              checked={kind === value}
              onChange={() => setKind(value)}
              data-testid={`model-source-${value}`}
            />
            {label}
          </label>
        ))}
      </div>

      {kind === 'files' && (
        <div className="import-sources">
          <label className="file-button">
            Choose model files…
            <input
              type="file"
              multiple
              accept=".json,.bin,application/json,application/octet-stream"
              disabled={busy}
              data-testid="model-files"
              onChange={(e) => {
                if (e.target.files)
                  loadFiles(Array.from(e.target.files, (file) => ({ file, path: file.name })));
                e.target.value = '';
              }}
            />
          </label>
          <DropZone testId="model-drop" onDrop={onDrop} disabled={disabled}>
            …or drop model.json and its weight shards (or their folder) here
          </DropZone>
        </div>
      )}
      {kind === 'url' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (url.trim()) void start(url.trim(), async () => ({ url: url.trim() }));
          }}
        >
          <label className="grow">
            URL of model.json (absolute, or relative to the lab; shards are fetched next to it)
            <input
              type="text"
              value={url}
              placeholder="https://…/model.json"
              onChange={(e) => setUrl(e.target.value)}
              data-testid="model-url"
            />
          </label>
          <button type="submit" disabled={busy || !url.trim()} data-testid="model-url-load">
            Load
          </button>
        </form>
      )}
      {kind === 'lab' && (
        <div className="row">
          <label>
            Run
            <select value={runId} onChange={(e) => setRunId(e.target.value)} data-testid="model-run">
              {runs === null && <option value="">loading…</option>}
              {runs?.length === 0 && <option value="">no trained runs</option>}
              {(runs ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {r.model.name} on {r.datasetName} · {r.train.target} ·{' '}
                  {new Date(r.createdAt).toLocaleString()}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy || !runId} onClick={loadRun} data-testid="model-run-load">
            Load
          </button>
          <button type="button" className="link" onClick={() => void refreshRuns()}>
            refresh
          </button>
        </div>
      )}

      {load.status === 'loading' && (
        <p className="muted" data-testid="model-loading">
          Loading {load.what}…
        </p>
      )}
      {load.status === 'failed' && (
        <p className="error" role="alert" data-testid="model-error" data-error={load.name}>
          {load.error}
        </p>
      )}
      {loaded && <ModelInfoPanel model={loaded} />}
    </div>
  );
}
