import type { TensorSpec } from '../../../lab/audit/inspect';
import type { LoadedAuditModel } from '../../../worker/api/audit';
import { formatBytes } from '../data/sources';

const shape = (s: TensorSpec['shape']) => (s ? `[${s.map((d) => d ?? '?').join(', ')}]` : 'unknown');

/** What a loaded model takes and gives, its size, and any op the backend cannot run. */
export function ModelInfoPanel({ model }: { model: LoadedAuditModel }) {
  const { info } = model;
  const topOps = Object.entries(info.ops)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12);
  return (
    <div className="model-info" data-testid="model-info">
      <p>
        <strong data-testid="model-name">{info.name}</strong>{' '}
        <span className="muted">
          {info.format}
          {info.convertedBy ? ` · converted by ${info.convertedBy}` : ''} · backend {info.backend}
        </span>
      </p>
      <div className="counts">
        <table className="table" data-testid="model-inputs">
          <thead>
            <tr>
              <th>input</th>
              <th>shape</th>
              <th>dtype</th>
            </tr>
          </thead>
          <tbody>
            {info.inputs.map((t) => (
              <tr key={t.name}>
                <td>{t.name}</td>
                <td>{shape(t.shape)}</td>
                <td>{t.dtype ?? '?'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table" data-testid="model-outputs">
          <thead>
            <tr>
              <th>output</th>
              <th>shape</th>
            </tr>
          </thead>
          <tbody>
            {info.outputs.map((t) => (
              <tr key={t.name}>
                <td>{t.name}</td>
                <td>{shape(t.shape)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table">
          <tbody>
            <tr>
              <th>parameters</th>
              <td data-testid="model-params">{info.params.toLocaleString('en-US')}</td>
            </tr>
            <tr>
              <th>size</th>
              <td data-testid="model-size">{formatBytes(info.sizeBytes)}</td>
            </tr>
            <tr>
              <th>{info.format === 'graph-model' ? 'ops' : 'layers'}</th>
              <td className="muted">
                {topOps.map(([op, n]) => `${op} ×${n}`).join(', ')}
                {Object.keys(info.ops).length > topOps.length ? ', …' : ''}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      {info.unsupported.length > 0 ? (
        <div className="error" role="alert" data-testid="model-unsupported">
          Unsupported on {info.backend}:{' '}
          {info.unsupported.map((op) => (
            <strong key={op.op} className="op" title={op.reason}>
              {op.op}
            </strong>
          ))}
          . The audit cannot run this model here.
        </div>
      ) : (
        <p className="muted" data-testid="model-runnable">
          Every op runs on {info.backend}.
        </p>
      )}
      {model.lab && (
        <p className="notice" data-testid="model-lab">
          Trained in this lab to predict <strong>{model.lab.target}</strong> (
          {model.lab.classNames.join(', ')}){model.lab.datasetName ? ` on ${model.lab.datasetName}` : ''}.
        </p>
      )}
      {model.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
    </div>
  );
}
