import type { Progress } from '../../lab/jobs/job';
import type { SessionInfo } from '../../worker/api/session';
import { useLab } from '../lab-session';
import { backendSummary } from './backend-summary';
import { formatEta } from './format-eta';

/**
 * The header's short badge ("CPU (wasm, SIMD) · no usable GPU"); a click opens the full reason,
 * the adapter and the calibrated speeds. While the lab starts it says what it is doing.
 */
export function BackendBadge() {
  const { session } = useLab();
  if (session.status === 'starting') return <Starting progress={session.progress} />;
  if (session.status === 'failed') {
    return (
      <details className="backend" data-testid="backend-info" data-status="failed">
        <summary className="badge badge-error" data-testid="backend-badge">
          no backend
        </summary>
        <div className="popover" data-testid="backend-reason">
          {session.error}
        </div>
      </details>
    );
  }
  const { info } = session;
  const { backend } = info;
  const summary = backendSummary(info);
  return (
    <details className="backend" data-testid="backend-info" data-status="ready">
      <summary
        className={`badge badge-${backend.name}${summary.tone === 'warn' ? ' badge-warn' : ''}`}
        data-testid="backend-summary"
        title="How the lab computes: click for the full reason"
      >
        {summary.device} (<span data-testid="backend-badge">{backend.name}</span>
        {summary.detail}){summary.phrases.map((p) => ` · ${p}`).join('')}
      </summary>
      <div className="popover" data-testid="backend-popover">
        <p data-testid="backend-reason">{backend.reason}</p>
        {backend.name === 'wasm' && info.threads && (
          <p data-testid="backend-threads">
            {info.threads.threads > 1
              ? `${info.threads.threads} threads`
              : `single-threaded: ${info.threads.singleThreadedBecause ?? 'one thread'}`}
          </p>
        )}
        <p className="muted">
          WebGPU adapter: {adapterText(info)} · tfjs {info.tfjsVersion}
        </p>
        {info.calibration && <SpeedTable calibration={info.calibration} chosen={backend.name} />}
        <p className="muted">
          Force a backend with <code>?backend=webgpu|webgl|wasm|cpu</code> in the address.
        </p>
      </div>
    </details>
  );
}

/** What start-up is doing: "measuring the fastest backend (once)…" with progress while it calibrates. */
function Starting({ progress }: { progress: Progress | null }) {
  const calibrating = progress?.phase === 'calibrate';
  return (
    <span className="backend" data-testid="backend-info" data-status="starting">
      <span className="badge" data-testid="backend-badge">
        {calibrating
          ? `starting · measuring the fastest backend (once)… ${progress.message ?? ''}, ${Math.min(progress.done + 1, progress.total)} of ${progress.total}`
          : 'starting…'}
      </span>
      {calibrating && (
        <>
          <progress
            value={progress.done}
            max={progress.total}
            aria-label="calibration progress"
            data-testid="calibration-progress"
          />
          <span className="muted">{formatEta(progress.etaSeconds)}</span>
        </>
      )}
    </span>
  );
}

function adapterText(info: SessionInfo): string {
  const adapter = info.backend.adapter;
  if (!adapter) return 'none';
  const name = [adapter.vendor, adapter.architecture, adapter.device].filter(Boolean).join(' / ');
  return `${name || 'unnamed'}${adapter.isFallbackAdapter ? ' (software fallback)' : ''}`;
}

function SpeedTable({
  calibration,
  chosen,
}: {
  calibration: NonNullable<SessionInfo['calibration']>;
  chosen: string;
}) {
  const rows = Object.entries(calibration.imagesPerSecond).sort(([, a], [, b]) => (b ?? 0) - (a ?? 0));
  return (
    <>
      <p className="muted">
        Training speed of a tiny test net, {calibration.cached ? 'measured earlier' : 'measured now'} (
        {new Date(calibration.measuredAt).toLocaleString()}):
      </p>
      <table className="table" data-testid="calibration-table">
        <tbody>
          {rows.map(([name, rate]) => (
            <tr key={name} className={name === chosen ? 'selected' : ''}>
              <td>{name}</td>
              <td>{rate ? `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} img/s` : 'did not train'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
