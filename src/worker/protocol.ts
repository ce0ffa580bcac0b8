import type { Progress } from '../lab/jobs/job';

/** Messages between the UI thread and the lab Worker. The UI never holds a tensor. */
export type ToWorker =
  { kind: 'call'; id: number; method: string; params: unknown } | { kind: 'cancel'; id: number };

export type FromWorker =
  | { kind: 'progress'; id: number; progress: Progress }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: { name: string; message: string; kind?: string } };

/** A method's parameter and result types. */
export interface Method<P, R> {
  params: P;
  result: R;
}
