import type { JobContext } from '../lab/jobs/job';

/** Progress on stderr (so stdout stays clean JSON), at most a few lines a second. */
export function consoleJob(quiet = false): JobContext {
  let last = 0;
  let lastPhase = '';
  return {
    signal: new AbortController().signal,
    report(p) {
      if (quiet) return;
      const now = Date.now();
      const finished = p.done >= p.total;
      if (p.phase === lastPhase && now - last < 1000 && !finished) return;
      last = now;
      lastPhase = p.phase;
      const eta = p.etaSeconds === null ? '' : ` · ${Math.ceil(p.etaSeconds)} s left`;
      const loss = p.metrics?.loss !== undefined ? ` · loss ${p.metrics.loss.toFixed(4)}` : '';
      process.stderr.write(`${p.phase} ${p.done}/${p.total}${loss}${eta}\n`);
    },
  };
}
