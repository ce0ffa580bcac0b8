/**
 * The messages between a study (main thread) and a runner in a worker (a browser Worker or a
 * Node `worker_threads` Worker), over anything that posts and receives messages. A slot runs one
 * trial at a time; `stop` carries the scheduler's answer after a report, `abort` a cancel.
 */
import type { FrozenTrial } from '../frozen-trial';
import type { Checkpoint, TrialRunResult } from '../runner';

export type ToWorker =
  | {
      type: 'run';
      id: number;
      trial: FrozenTrial;
      budget: number;
      resume?: { budget: number; checkpoint: Checkpoint };
    }
  | { type: 'stop'; id: number }
  | { type: 'abort'; id: number };

export type FromWorker =
  | { type: 'report'; id: number; epoch: number; values: number[] }
  | { type: 'done'; id: number; result: TrialRunResult }
  | { type: 'error'; id: number; message: string };

/** The two ends of a message channel, as both Worker APIs can provide them. */
export interface RunnerPort {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Subscribes; returns the unsubscribe function. */
  onMessage(listener: (message: unknown) => void): () => void;
}
