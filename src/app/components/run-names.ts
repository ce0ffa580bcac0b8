import type { RunRecord } from '../../lab/runs/types';

/** The name a run is shown by: the user's label, else the model, its head and when it was trained. */
export function runName(run: RunRecord): string {
  if (run.label) return run.label;
  const head = run.model.head?.kind && run.model.head.kind !== 'softmax' ? ` · ${run.model.head.kind}` : '';
  const time = new Date(run.createdAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return `${run.model.name}${head} · ${run.train.target} · ${time}`;
}
