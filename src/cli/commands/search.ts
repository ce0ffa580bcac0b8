/**
 * `lab search`: a fairness-aware architecture search, headless — the Search page's study on the
 * synthetic faces or a stored dataset, trained in k worker threads, resumable from a journal file,
 * exportable as an Optuna journal.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs, rejectUnknown } from '../args';
import { flagNames, formatHelp, switchNames } from '../flag-help';
import { startNodeBackend } from '../node-backend';
import { searchRunner } from '../search-runner';
import { createNodeWorkerPool } from '../../lab/search/parallel/node-worker-pool';
import { InMemoryStorage } from '../../lab/search/storage/memory';
import { JournalFileStorage } from '../../lab/search/storage/journal-file';
import type { Storage } from '../../lab/search/storage/storage';
import { toOptunaJournal } from '../../lab/search/optuna/journal-export';
import { toStudyJson } from '../../lab/search/export/study-json';
import { toStudyCsv } from '../../lab/search/export/study-csv';
import { BASELINE_KEY, type FrozenTrial } from '../../lab/search/frozen-trial';
import { MITIGATION_KEY } from '../../lab/search/training/baseline-plan';
import { runLabSearch, type LabSearchResult } from '../../lab/search/training/lab-search';
import type { StudyEvent } from '../../lab/search/study';
import { parseSearchOptions, SEARCH_FLAGS } from './search-options';

export function usage(): string {
  return formatHelp(
    [
      'search [--dataset synthetic|NAME] [--task identity|ATTR] [--space frnas|expression-cnn|conv]',
      '       [--sampler random|parego|nsga2] [--trials N] [--min-epochs A --max-epochs B --eta 2]',
      '       [--workers K] [--storage FILE] [--export-optuna FILE] [--mitigation M,M] [--seed S] --json',
    ],
    SEARCH_FLAGS,
  );
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, switchNames(SEARCH_FLAGS));
  rejectUnknown(args, flagNames(SEARCH_FLAGS));
  const options = parseSearchOptions(args);
  const quiet = args.switches.has('quiet');
  const backend = args.flags.get('backend');
  const log = (line: string) => quiet || process.stderr.write(`${line}\n`);
  const storage: Storage = options.storage ? new JournalFileStorage(options.storage) : new InMemoryStorage();
  if (options.storage && storage.getStudy(options.name))
    log(`resuming study "${options.name}" from ${options.storage}`);
  const pool =
    options.workers > 1
      ? createNodeWorkerPool({
          size: options.workers,
          module: new URL('../search-worker.ts', import.meta.url),
          data: { options, backend },
        })
      : null;
  try {
    if (!pool) await startNodeBackend(backend, 'train');
    const runners = pool ? pool.runners : [await searchRunner(options)];
    const result = await runLabSearch({
      storage,
      name: options.name,
      settings: options.settings,
      runners,
      onEvent: (e) => describe(e, log),
      onBaseline: (t) => log(`baseline ${t.userAttrs[BASELINE_KEY]}: ${t.state} ${formatValues(t)}`),
    });
    await exports(args.flags, storage, options.name);
    const json = summarise(result, options.settings.objectives);
    if (args.switches.has('json')) console.log(JSON.stringify(json, null, 2));
    else printSummary(json);
    return 0;
  } finally {
    await pool?.close();
    await storage.close();
  }
}

function describe(e: StudyEvent, log: (line: string) => void): void {
  if (e.type === 'job-started')
    log(
      `trial ${e.number}: training to ${e.budget} epochs on ${e.worker}${e.resumeFrom ? ` (from ${e.resumeFrom})` : ''}`,
    );
  else if (e.type === 'report')
    log(`trial ${e.number}: epoch ${e.epoch} [${e.values.map((v) => v.toFixed(4)).join(', ')}]`);
  else if (e.type === 'job-finished')
    log(`trial ${e.number}: ${e.state} at ${e.budget} epochs${e.reason ? ` (${e.reason})` : ''}`);
  else if (e.type === 'warning') log(`warning: ${e.message}`);
}

const formatValues = (t: FrozenTrial) =>
  `[${(t.results.at(-1)?.values ?? []).map((v) => v.toFixed(4)).join(', ')}]`;

async function exports(flags: Map<string, string>, storage: Storage, name: string): Promise<void> {
  const study = storage.getStudy(name)!;
  const trials = storage.getTrials(name);
  const optuna = flags.get('export-optuna');
  if (optuna) await writeFile(optuna, toOptunaJournal(study, trials));
  const json = flags.get('export-json');
  if (json)
    await writeFile(
      json,
      toStudyJson(study, trials, (n) => storage.getIntermediate(name, n)),
    );
  const csv = flags.get('export-csv');
  if (csv) await writeFile(csv, toStudyCsv(study, trials));
}

function trialJson(t: FrozenTrial, objectives: readonly string[]) {
  const last = t.results.at(-1);
  return {
    id: t.id,
    number: t.number,
    config: t.params,
    objectives: last?.values ? Object.fromEntries(objectives.map((o, i) => [o, last.values![i]])) : null,
    status: t.state.toLowerCase(),
    budget: Math.max(0, ...t.results.map((r) => r.budget)),
    ...(typeof t.userAttrs[BASELINE_KEY] === 'string' ? { baseline: t.userAttrs[BASELINE_KEY] } : {}),
    ...(t.userAttrs[MITIGATION_KEY] ? { method: t.userAttrs[MITIGATION_KEY] } : {}),
    parameters: t.userAttrs.parameter_count ?? null,
    ...(last?.reason ? { reason: last.reason } : {}),
  };
}

function summarise(result: LabSearchResult, objectives: readonly string[]) {
  return {
    objectives,
    trials: result.trials.map((t) => trialJson(t, objectives)),
    baselines: result.baselines.map((t) => trialJson(t, objectives)),
    pareto: result.pareto.map((n) => result.trials.find((t) => t.number === n)!.id),
    hypervolume: result.hypervolume,
    reference_point: result.referencePoint,
    dominance: result.dominance.map((d) => ({
      baseline: d.label,
      values: d.values,
      dominated_by: d.dominatedBy.map((n) => result.trials.find((t) => t.number === n)!.id),
    })),
    summary: result.summary,
  };
}

function printSummary(json: ReturnType<typeof summarise>): void {
  console.log(
    `${json.trials.length} trials (${json.summary.complete} complete, ${json.summary.pruned} pruned, ${json.summary.failed} failed)`,
  );
  console.log(`Pareto front: ${json.pareto.join(', ') || 'empty'}`);
  if (json.hypervolume !== null)
    console.log(
      `hypervolume ${json.hypervolume.toFixed(4)} (reference point ${json.reference_point!.map((v) => v.toFixed(4)).join(', ')})`,
    );
  for (const d of json.dominance)
    console.log(`${d.baseline}: dominated by ${d.dominated_by.length} searched trial(s)`);
}
