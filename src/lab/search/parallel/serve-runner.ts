/**
 * The worker side: serves a TrialRunner over `port` (call it once in the worker's entry
 * module). Each `run` gets its own AbortController and stop flag.
 */
import type { TrialRunner, TrialRunResult } from '../runner';
import type { FromWorker, RunnerPort, ToWorker } from './port-protocol';

export function serveRunner(port: RunnerPort, runner: TrialRunner): () => void {
  const runs = new Map<number, { controller: AbortController; stop: boolean }>();
  const post = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
  return port.onMessage(async (raw) => {
    const m = raw as ToWorker;
    if (m.type === 'stop' || m.type === 'abort') {
      const run = runs.get(m.id);
      if (run && m.type === 'stop') run.stop = true;
      if (run && m.type === 'abort') run.controller.abort();
      return;
    }
    const run = { controller: new AbortController(), stop: false };
    runs.set(m.id, run);
    try {
      const result: TrialRunResult = await runner({
        trial: m.trial,
        budget: m.budget,
        resume: m.resume,
        report: (epoch, values) => post({ type: 'report', id: m.id, epoch, values: [...values] }),
        shouldStop: () => run.stop,
        signal: run.controller.signal,
      });
      const checkpoint = result.checkpoint?.slice();
      post(
        { type: 'done', id: m.id, result: { ...result, checkpoint } },
        checkpoint ? [checkpoint.buffer as ArrayBuffer] : undefined,
      );
    } catch (error) {
      post({ type: 'error', id: m.id, message: error instanceof Error ? error.message : String(error) });
    } finally {
      runs.delete(m.id);
    }
  });
}
