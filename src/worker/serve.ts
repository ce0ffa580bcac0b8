import type { JobContext, Progress } from '../lab/jobs/job';
import type { FromWorker, ToWorker } from './protocol';

type AnyHandler = (params: unknown, job: JobContext) => Promise<unknown>;

interface Port {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}

const PROGRESS_INTERVAL_MS = 100;

/** Serves calls on a port: one AbortController per call, progress throttled, errors as messages. */
export function serve(port: Port, handlers: Record<string, AnyHandler>): void {
  const running = new Map<number, AbortController>();
  port.addEventListener('message', (event) => {
    const message = event.data;
    if (message.kind === 'cancel') {
      running.get(message.id)?.abort();
      return;
    }
    const handler = handlers[message.method];
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
        if (now - lastSent < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
        lastSent = now;
        port.postMessage({ kind: 'progress', id: message.id, progress });
      },
    };
    handler(message.params, job)
      .then((value) => port.postMessage({ kind: 'result', id: message.id, value }))
      .catch((error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        console.error(e);
        port.postMessage({ kind: 'error', id: message.id, error: { name: e.name, message: e.message } });
      })
      .finally(() => running.delete(message.id));
  });
}
