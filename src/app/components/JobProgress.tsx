import type { JobState } from '../hooks/useJob';
import { formatEta } from './format-eta';

/** Progress bar, ETA and Cancel for a long job; the outcome once it ends. */
export function JobProgress<R>({
  state,
  onCancel,
  label,
}: {
  state: JobState<R>;
  onCancel: () => void;
  label: string;
}) {
  if (state.status === 'idle' || state.status === 'done') return null;
  if (state.status === 'cancelled')
    return (
      <p className="notice" data-testid={`${label}-cancelled`}>
        Cancelled.
      </p>
    );
  if (state.status === 'failed') {
    return (
      <p className="error" role="alert" data-testid={`${label}-error`}>
        {state.error}
      </p>
    );
  }
  const p = state.progress;
  const fraction = p && p.total > 0 ? p.done / p.total : 0;
  return (
    <div className="job-progress" data-testid={`${label}-progress`}>
      <progress value={fraction} max={1} aria-label={`${label} progress`} />
      <span>
        {p
          ? `${p.phase}: ${p.done} / ${p.total}${p.message ? ` (${p.message})` : ''} · ${formatEta(p.etaSeconds)}`
          : 'starting…'}
      </span>
      <button type="button" onClick={onCancel} data-testid={`${label}-cancel`}>
        Cancel
      </button>
    </div>
  );
}
