/**
 * Adapters for browser Workers: the main side of a Worker as a pool slot, and a Worker's own
 * scope as the port its entry module serves a runner on (`serveRunner(scopePort(self), runner)`).
 */
import type { RunnerPort } from './port-protocol';
import type { SpawnedWorker } from './worker-pool';

export function browserWorker(worker: Worker): SpawnedWorker {
  return {
    port: {
      postMessage: (m, transfer) => worker.postMessage(m, transfer ?? []),
      onMessage: (listener) => {
        const handler = (e: MessageEvent) => listener(e.data);
        worker.addEventListener('message', handler);
        return () => worker.removeEventListener('message', handler);
      },
    },
    terminate: () => worker.terminate(),
    onExit: (listener) =>
      worker.addEventListener('error', (e) => listener(e.message || 'worker error'), { once: true }),
  };
}

export function scopePort(scope: {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}): RunnerPort {
  return {
    postMessage: (m, transfer) => scope.postMessage(m, transfer ?? []),
    onMessage: (listener) => {
      const handler = (e: MessageEvent) => listener(e.data);
      scope.addEventListener('message', handler);
      return () => scope.removeEventListener('message', handler);
    },
  };
}
