import { useState } from 'react';
import type { RunRecord } from '../../../lab/runs/types';
import type { CompressModelInfo, CompressModelSource } from '../../../worker/api/compress';
import type { AuditModelFile } from '../../../worker/api/audit';

type Kind = 'run' | 'files';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Step 1: the model to compress — a run trained in this lab (`?run=<id>` opens on one; a search
 * trial's "Compress this model" links here), or a tfjs LayersModel's files.
 */
export function ModelCard({
  runs,
  runId,
  onRunId,
  onLoad,
  info,
  loading,
  error,
  disabled,
}: {
  runs: RunRecord[];
  runId: string;
  onRunId(id: string): void;
  onLoad(source: CompressModelSource): void;
  info: CompressModelInfo | null;
  loading: boolean;
  error: string | null;
  disabled: boolean;
}) {
  const [kind, setKind] = useState<Kind>('run');
  const pickFiles = async (list: FileList) => {
    const files: AuditModelFile[] = await Promise.all(
      Array.from(list, async (file) => ({
        name: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      })),
    );
    const json = files.find((f) => f.name.endsWith('.json'));
    onLoad({ kind: 'files', name: json ? json.name.replace(/\.json$/, '') : 'model', files });
  };
  return (
    <div className="card" data-testid="compress-model-card">
      <h2>1 · Model</h2>
      <div className="row" role="radiogroup" aria-label="model source">
        <label className="inline">
          <input
            type="radio"
            name="compress-source"
            checked={kind === 'run'}
            onChange={() => setKind('run')}
            data-testid="compress-source-run"
          />
          Trained in this lab
        </label>
        <label className="inline">
          <input
            type="radio"
            name="compress-source"
            checked={kind === 'files'}
            onChange={() => setKind('files')}
            data-testid="compress-source-files"
          />
          Files (model.json + .bin)
        </label>
      </div>
      {kind === 'run' ? (
        <div className="row">
          <label>
            Run
            <select value={runId} onChange={(e) => onRunId(e.target.value)} data-testid="compress-run">
              {runs.length === 0 && <option value="">no trained runs</option>}
              {runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.model.name} on {r.datasetName} · {r.train.target} · {runScore(r)} ·{' '}
                  {new Date(r.createdAt).toLocaleString()}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={disabled || loading || !runId}
            onClick={() => onLoad({ kind: 'run', runId })}
            data-testid="compress-run-load"
          >
            Load
          </button>
        </div>
      ) : (
        <div className="row">
          <label className="file-button">
            Choose model files…
            <input
              type="file"
              multiple
              accept=".json,.bin,application/json,application/octet-stream"
              disabled={disabled || loading}
              data-testid="compress-model-files"
              onChange={(e) => {
                if (e.target.files?.length) void pickFiles(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
          <span className="muted">A tfjs LayersModel: model.json and the weight files it names.</span>
        </div>
      )}
      {loading && <p className="muted">Loading the model…</p>}
      {error && (
        <p className="error" role="alert" data-testid="compress-model-error">
          {error}
        </p>
      )}
      {info && (
        <div data-testid="compress-model-info">
          <p>
            <strong data-testid="compress-model-name">{info.name}</strong> · input [
            {info.inputShape.map((d) => d ?? '?').join(', ')}] · output [
            {info.outputShape.map((d) => d ?? '?').join(', ')}] · {info.parameters.toLocaleString()}{' '}
            parameters · {kb(info.sizeBytes)} of weights ({kb(info.sizeDeflateBytes)} DEFLATE)
            {info.target && ` · trained to predict "${info.target}"`}
            {info.datasetName && ` on ${info.datasetName}`}
          </p>
          <p className="muted" data-testid="compress-prunable">
            Prunable kernels (TFMOT):{' '}
            {info.prunable.map((p) => `${p.weight} (${p.count.toLocaleString()})`).join(', ') || 'none'}.
            {info.structuredProblem
              ? ` Structured pruning: ${info.structuredProblem}.`
              : ' Structured pruning can follow this graph.'}
          </p>
        </div>
      )}
    </div>
  );
}

/** A run's headline number: accuracy for a classifier, identification error for an embedding model. */
function runScore(run: RunRecord): string {
  const e = run.evaluation;
  if (!e) return run.trial.state;
  if (e.kind === 'identification') return `error ${(e.error * 100).toFixed(1)}%`;
  return e.accuracy === null ? 'accuracy —' : `${(e.accuracy * 100).toFixed(1)}%`;
}
