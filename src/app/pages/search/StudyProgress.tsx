import type { SearchPayload } from '../../../worker/api/search';
import { formatEta } from '../../components/format-eta';

/** What one trial Worker is doing (its trial, the budget it trains to, its steps), since when (ms). */
export type WorkerActivity = Omit<Extract<SearchPayload, { kind: 'worker' }>, 'kind'> & { startedAt: number };

interface Props {
  done: number;
  total: number;
  etaSeconds: number | null;
  workers: WorkerActivity[];
  pausing: boolean;
  now: number;
  onPause(): void;
  onCancel(): void;
}

function workerEta(w: WorkerActivity, now: number): number | null {
  if (w.done <= 0 || w.total <= 0) return null;
  return ((now - w.startedAt) / 1000 / w.done) * (w.total - w.done);
}

/** The running study: trials done out of its budget (with an ETA), each Worker's trial, Pause and Cancel. */
export function StudyProgress({ done, total, etaSeconds, workers, pausing, now, onPause, onCancel }: Props) {
  return (
    <div className="study-progress" data-testid="study-progress">
      <div className="job-progress">
        <progress value={total > 0 ? done / total : 0} max={1} aria-label="study progress" />
        <span data-testid="study-progress-text">
          {done} / {total} trials · {formatEta(etaSeconds)}
          {pausing && ' · pausing: the running trials finish first'}
        </span>
        <button type="button" onClick={onPause} disabled={pausing} data-testid="study-pause">
          Pause
        </button>
        <button type="button" onClick={onCancel} data-testid="study-cancel">
          Cancel
        </button>
      </div>
      {workers.map((w) => (
        <div
          className="job-progress worker-progress"
          key={w.worker}
          data-testid={`worker-progress-${w.worker}`}
        >
          <progress
            value={w.total > 0 ? w.done / w.total : 0}
            max={1}
            aria-label={`worker ${w.worker + 1}`}
          />
          <span>
            Worker {w.worker + 1}:{' '}
            {w.trial >= 0 ? `trial ${w.trial}, to ${w.budget} epoch${w.budget === 1 ? '' : 's'}` : 'starting'}
            {w.total > 1 && ` · step ${w.done} / ${w.total} · ${formatEta(workerEta(w, now))}`}
          </span>
        </div>
      ))}
    </div>
  );
}
