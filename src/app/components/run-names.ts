import type { RunRecord } from '../../lab/runs/types';

/** The name a run is shown by: the user's label, else the model, its head, the target and when it was trained. */
export function runName(run: RunRecord): string {
  if (run.label) return run.label;
  const head = run.model.head?.kind && run.model.head.kind !== 'softmax' ? ` · ${run.model.head.kind}` : '';
  const time = new Date(run.createdAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return `${run.model.name}${head} · ${run.train.target} · ${time}`;
}

/** The part of a dataset name that tells it apart ("label noise dark 30%" of a synthetic name). */
export function datasetTag(name: string): string {
  return name.replace(/^Synthetic faces: /, '').split(' · ')[0];
}

/**
 * Names that tell every run apart, by id. Runs that would share a name get what differs between
 * them: the dataset, then up to two settings (trial params), then their order ("#2").
 */
export function distinctRunNames(
  runs: readonly RunRecord[],
  datasetName: (run: RunRecord) => string = (run) => run.datasetName,
): Map<string, string> {
  const names = new Map(runs.map((run) => [run.id, runName(run)]));
  for (const group of groupsBy(runs, (run) => names.get(run.id)!)) {
    if (group.length < 2) continue;
    const datasets = new Set(group.map(datasetName));
    const keys = [...new Set(group.flatMap((run) => Object.keys(run.trial.params)))].filter(
      (key) => new Set(group.map((run) => String(run.trial.params[key]))).size > 1,
    );
    for (const run of group) {
      const parts = [names.get(run.id)!];
      if (datasets.size > 1) parts.push(datasetTag(datasetName(run)));
      for (const key of keys.slice(0, 2)) parts.push(`${key} ${run.trial.params[key] ?? '—'}`);
      names.set(run.id, parts.join(' · '));
    }
    for (const same of groupsBy(group, (run) => names.get(run.id)!)) {
      if (same.length < 2) continue;
      same.forEach((run, i) => names.set(run.id, `${names.get(run.id)} #${i + 1}`));
    }
  }
  return names;
}

function groupsBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}
