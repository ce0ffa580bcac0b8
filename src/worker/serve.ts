import type { JobContext, Progress } from '../lab/jobs/job';
import type { FromWorker, ToWorker } from './protocol';

type AnyHandler = (params: unknown, job: JobContext) => Promise<unknown>;

interface Port {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}

const PROGRESS_INTERVAL_MS = 100;

/** What crosses the Worker boundary of an error: its name, message and, where it has one, its kind. */
export function serialiseError(error: unknown): { name: string; message: string; kind?: string } {
  const e = error instanceof Error ? error : new Error(String(error));
  const kind = (e as { kind?: unknown }).kind;
  return { name: e.name, message: e.message, ...(typeof kind === 'string' ? { kind } : {}) };
}

/**
 * Serves calls on a port: one AbortController per call, progress throttled (payloads and the
 * last step always pass), errors as messages. Every error reaches the caller, which shows it, so
 * nothing is logged as an error here (a stack goes to the debug log).
 */
export function serve<H extends object>(port: Port, handlers: H): void {
  const table = handlers as unknown as Record<string, AnyHandler>;
  const running = new Map<number, AbortController>();
  port.addEventListener('message', (event) => {
    const message = event.data;
    if (message.kind === 'cancel') {
      running.get(message.id)?.abort();
      return;
    }
    const handler = table[message.method];
    if (!handler) {
      port.postMessage({
        kind: 'error',
        id: message.id,
        error: { name: 'Error', message: `Unknown method ${message.method}` },
      });
      return;
    }
    const controller = new AbortController();
    running.set(message.id, controller);
    let lastSent = 0;
    const job: JobContext = {
      signal: controller.signal,
      report(progress: Progress) {
        const now = performance.now();
        if (now - lastSent < PROGRESS_INTERVAL_MS && progress.done < progress.total && !progress.payload)
          return;
        lastSent = now;
        port.postMessage({ kind: 'progress', id: message.id, progress });
      },
    };
    handler(message.params, job)
      .then((value) => port.postMessage({ kind: 'result', id: message.id, value }))
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'CancelledError')) console.debug(error);
        port.postMessage({ kind: 'error', id: message.id, error: serialiseError(error) });
      })
      .finally(() => running.delete(message.id));
  });
}
