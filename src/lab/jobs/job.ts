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
  /** A structured result that streams to the UI as it happens (e.g. an epoch's objectives, a finished trial). */
  payload?: ProgressPayload;
}

/** A structured progress payload, told apart by `kind`. Never dropped by throttling. */
export type ProgressPayload = { kind: string } & Record<string, unknown>;

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

/**
 * Lets the event loop run one task, so a Cancel message can arrive inside a long loop.
 * On wasm and cpu, tensor reads resolve as microtasks, so without this a loop never yields.
 * A MessageChannel task avoids the 4 ms clamp of nested timers.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
