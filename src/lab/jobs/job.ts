/** Progress and cancellation for long jobs, shared by the Worker, the CLI and tests. */

export interface Progress {
  /** Short phase name, e.g. 'generate', 'train', 'evaluate'. */
  phase: string;
  done: number;
  total: number;
  /** Seconds left, estimated from the rate so far; null until known. */
  etaSeconds: number | null;
  message?: string;
  /** Extra numbers for live charts (e.g. loss). */
  metrics?: Record<string, number>;
}

export interface JobContext {
  signal: AbortSignal;
  report(progress: Progress): void;
}

export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}

export function isCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'CancelledError';
}

/** Tracks the rate of a phase and estimates the time left. */
export function etaTracker(now: () => number = () => performance.now()) {
  const start = now();
  return (done: number, total: number): number | null => {
    if (done <= 0) return null;
    const elapsed = (now() - start) / 1000;
    return (elapsed / done) * Math.max(0, total - done);
  };
}

/** A context that ignores progress and is never cancelled. */
export function silentJob(): JobContext {
  return { signal: new AbortController().signal, report: () => {} };
}

/** Lets the event loop breathe (and cancel messages arrive) inside long loops. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
