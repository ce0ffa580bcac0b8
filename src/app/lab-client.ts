import type { Progress } from '../lab/jobs/job';
import type { LabMethod, ParamsOf, ResultOf } from '../worker/api';
import type { FromWorker, ToWorker } from '../worker/protocol';

export interface JobHandle<R> {
  promise: Promise<R>;
  cancel(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: Progress) => void;
}

/** The UI's only door to the engine: typed calls to the Worker, with progress and cancel. */
export class LabClient {
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(private worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      const error = new Error(`The lab worker crashed: ${event.message}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  call<M extends LabMethod>(
    method: M,
    params: ParamsOf<M>,
    onProgress?: (progress: Progress) => void,
  ): JobHandle<ResultOf<M>> {
    const id = this.nextId++;
    const promise = new Promise<ResultOf<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
    });
    this.send({ kind: 'call', id, method, params });
    return { promise, cancel: () => this.send({ kind: 'cancel', id }) };
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.kind === 'progress') {
      pending.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if (message.kind === 'result') pending.resolve(message.value);
    else {
      const error = new Error(message.error.message);
      error.name = message.error.name;
      if (message.error.kind) Object.assign(error, { kind: message.error.kind });
      pending.reject(error);
    }
  }
}

export function createLabClient(): LabClient {
  return new LabClient(new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' }));
}
