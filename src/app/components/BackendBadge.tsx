import { useLab } from '../lab-session';

/** The chosen backend, the adapter, and why anything else was not used. */
export function BackendBadge() {
  const { session } = useLab();
  if (session.status === 'starting')
    return (
      <span className="badge" data-testid="backend-badge">
        starting…
      </span>
    );
  if (session.status === 'failed') {
    return (
      <span className="badge badge-error" data-testid="backend-badge" title={session.error}>
        no backend
      </span>
    );
  }
  const { backend } = session.info;
  const adapter = backend.adapter;
  const adapterText = adapter
    ? `${adapter.vendor || 'unknown vendor'}${adapter.architecture ? ` / ${adapter.architecture}` : ''}${adapter.isFallbackAdapter ? ' (software fallback)' : ''}`
    : 'no WebGPU adapter';
  // When WebGPU was passed over, the reason already names the adapter.
  const describesAdapter = backend.rejected.some((r) => r.name === 'webgpu');
  return (
    <span className="backend" data-testid="backend-info">
      <span className={`badge badge-${backend.name}`} data-testid="backend-badge">
        {backend.name}
      </span>
      <span className="backend-detail" data-testid="backend-reason">
        {describesAdapter ? backend.reason : `${adapterText} · ${backend.reason}`}
      </span>
      {backend.name === 'wasm' && (
        <span className="backend-detail" data-testid="backend-threads">
          {session.info.threads.threads > 1
            ? ` · ${session.info.threads.threads} threads`
            : ` · single-threaded: ${session.info.threads.singleThreadedBecause}`}
        </span>
      )}
    </span>
  );
}
