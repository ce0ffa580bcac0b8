/**
 * The main-thread side: a TrialRunner that runs each request in the worker behind `port`.
 * Reports come back as they happen, the scheduler's stop answer goes out after each, an abort
 * is forwarded, and the checkpoint bytes are transferred, not copied.
 */
import type { TrialRunner } from '../runner';
import type { FromWorker, RunnerPort, ToWorker } from './port-protocol';

let nextId = 1;

export function portRunner(port: RunnerPort): TrialRunner {
  let busy = false;
  return (request) =>
    new Promise((resolve, reject) => {
      if (busy) throw new Error('this worker is already running a trial');
      busy = true;
      const id = nextId++;
      const post = (m: ToWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
      const onAbort = () => post({ type: 'abort', id });
      const finish = () => {
        busy = false;
        unsubscribe();
        request.signal.removeEventListener('abort', onAbort);
      };
      const unsubscribe = port.onMessage((raw) => {
        const m = raw as FromWorker;
        if (m.id !== id) return;
        if (m.type === 'report') {
          request.report(m.epoch, m.values);
          if (request.shouldStop()) post({ type: 'stop', id });
        } else if (m.type === 'done') {
          finish();
          resolve(m.result);
        } else {
          finish();
          reject(new Error(m.message));
        }
      });
      request.signal.addEventListener('abort', onAbort, { once: true });
      const resume = request.resume && {
        budget: request.resume.budget,
        checkpoint: request.resume.checkpoint.slice(),
      };
      post(
        { type: 'run', id, trial: request.trial, budget: request.budget, resume },
        resume ? [resume.checkpoint.buffer as ArrayBuffer] : undefined,
      );
      if (request.signal.aborted) onAbort();
    });
}
