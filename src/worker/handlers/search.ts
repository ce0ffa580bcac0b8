import { fromOptunaJournal } from '../../lab/search/optuna/journal-import';
import { toOptunaJournal } from '../../lab/search/optuna/journal-export';
import { toStudyJson } from '../../lab/search/export/study-json';
import { toStudyCsv } from '../../lab/search/export/study-csv';
import { browserWorker } from '../../lab/search/parallel/browser-worker-port';
import { createWorkerPool } from '../../lab/search/parallel/worker-pool';
import { IdbStorage } from '../../lab/search/storage/idb';
import { StudyMetaStore, type StudyMeta } from '../../lab/search/storage/study-meta';
import type { Storage } from '../../lab/search/storage/storage';
import { baselineStudyName } from '../../lab/search/training/run-baselines';
import { runLabSearch } from '../../lab/search/training/lab-search';
import { studyView } from '../../lab/search/training/study-view';
import { trialModelFiles, trialRunRecord } from '../../lab/search/training/trial-artifacts';
import type { Handlers } from '../api';
import type { SearchApi, SearchPayload, StudyConfig, StudyStatus, StudyView } from '../api/search';
import type { ConfigureTrialWorker } from '../trial.worker';
import { requireBackend, type LabContext } from './context';

/**
 * The Search page's studies: kept in IndexedDB (the search Storage's journal and checkpoints,
 * plus the study list), run by k trial Workers, pausable, resumable after a reload.
 */
export function searchHandlers(ctx: LabContext): Handlers<SearchApi> {
  let opened: Promise<Storage> | null = null;
  const storage = () => (opened ??= IdbStorage.open());
  const meta = new StudyMetaStore<StudyConfig>();
  const running = new Map<string, AbortController>();

  const statusOf = (m: StudyMeta<StudyConfig>): StudyStatus =>
    running.has(m.name) ? 'running' : m.wanted === 'running' ? 'interrupted' : m.wanted;

  const view = async (name: string): Promise<StudyView> => {
    const m = await meta.get(name);
    if (!m) throw new Error(`No study named "${name}"`);
    return studyView(await storage(), name, m.config, statusOf(m)) as StudyView;
  };

  const manifestOf = async (datasetId: string) => {
    const manifest = await ctx.datasets.manifest(datasetId);
    if (!manifest) throw new Error(`The study's dataset "${datasetId}" is no longer stored`);
    return manifest;
  };

  const trialCheckpoint = async (name: string, number: number, baseline?: boolean) => {
    const s = await storage();
    const study = baseline ? baselineStudyName(name) : name;
    const trial = s.getTrial(study, number);
    if (!trial) throw new Error(`Study "${name}" has no ${baseline ? 'baseline' : 'trial'} ${number}`);
    const checkpoint = await s.getCheckpoint(study, number);
    if (!checkpoint)
      throw new Error(
        `Trial ${number}'s weights are not kept (it did not complete, or its checkpoint was evicted)`,
      );
    return {
      trial,
      checkpoint,
      intermediate: s.getIntermediate(study, number),
      objectives: s.getStudy(study)!.objectives,
    };
  };

  return {
    async runStudy({ name, config }, job) {
      const backend = requireBackend(ctx);
      if (running.has(name)) throw new Error(`Study "${name}" is already running`);
      const manifest = await manifestOf(config.datasetId);
      const existing = await meta.get(name);
      if (existing && !sameStudy(existing.config, config))
        throw new Error(`A study named "${name}" exists with other settings: give this one another name`);
      await meta.put({
        name,
        config,
        createdAt: existing?.createdAt ?? new Date().toISOString(),
        wanted: 'running',
      });
      const drain = new AbortController();
      running.set(name, drain);
      const report = (payload: SearchPayload, done = 0, total = 1) =>
        job.report({ phase: 'search', done, total, etaSeconds: null, payload });
      const context: ConfigureTrialWorker['context'] = {
        space: config.settings.space,
        objectives: config.settings.objectives,
        train: { ...defaultTrain(config), ...config.train },
        maxEpochs: config.settings.maxEpochs,
        frnasWidth: config.frnasWidth,
      };
      const pool = createWorkerPool(Math.max(1, config.workers), (index) => {
        const worker = new Worker(new URL('../trial.worker.ts', import.meta.url), { type: 'module' });
        worker.postMessage({
          type: 'configure',
          backend: backend.name,
          wasmPaths: ctx.wasmPaths,
          datasetId: manifest.id,
          context,
        } satisfies ConfigureTrialWorker);
        worker.addEventListener('message', (e: MessageEvent) => {
          if (e.data?.type !== 'progress') return;
          const p = e.data.progress as { done: number; total: number; metrics?: Record<string, number> };
          report({
            kind: 'worker',
            worker: index,
            trial: -1,
            budget: 0,
            epoch: p.metrics?.epoch ?? 0,
            done: p.done,
            total: p.total,
          });
        });
        return browserWorker(worker);
      });
      const s = await storage();
      const started = performance.now();
      // A resumed study's earlier trials took no time of this run: the rate counts this run's only.
      let doneAtStart: number | null = null;
      const publish = async () => {
        const v = await view(name);
        doneAtStart ??= v.progress.done;
        const elapsed = (performance.now() - started) / 1000;
        const doneNow = v.progress.done - doneAtStart;
        const eta = doneNow > 0 ? (elapsed / doneNow) * (v.progress.total - v.progress.done) : null;
        job.report({
          phase: 'search',
          done: v.progress.done,
          total: v.progress.total,
          etaSeconds: eta,
          payload: { kind: 'study', view: v },
        });
      };
      try {
        await publish();
        const result = await runLabSearch({
          storage: s,
          name,
          settings: config.settings,
          runners: pool.runners,
          signal: job.signal,
          drain: drain.signal,
          onEvent: (e) => {
            if (e.type === 'job-started')
              report({
                kind: 'worker',
                worker: Number(e.worker.replace(/\D/g, '')),
                trial: e.number,
                budget: e.budget,
                epoch: 0,
                done: 0,
                total: 1,
              });
            if (
              e.type === 'job-finished' ||
              e.type === 'trial-created' ||
              e.type === 'report' ||
              e.type === 'trial-finished'
            )
              void publish();
          },
          onBaseline: () => void publish(),
        });
        const wanted = result.summary.stopped === 'done' && !job.signal.aborted ? 'done' : 'paused';
        await meta.put({ ...(await meta.get(name))!, wanted });
      } finally {
        running.delete(name);
        await pool.close();
      }
      if (job.signal.aborted) {
        await meta.put({ ...(await meta.get(name))!, wanted: 'paused' });
        const e = new Error('Cancelled');
        e.name = 'CancelledError';
        throw e;
      }
      return view(name);
    },
    async pauseStudy({ name }) {
      const drain = running.get(name);
      if (!drain) throw new Error(`Study "${name}" is not running`);
      drain.abort();
      await meta.put({ ...(await meta.get(name))!, wanted: 'paused' });
    },
    async listStudies() {
      const s = await storage();
      return (await meta.list()).map((m) => {
        const trials = s.getStudy(m.name) ? s.getTrials(m.name) : [];
        return {
          name: m.name,
          config: m.config,
          createdAt: m.createdAt,
          status: statusOf(m),
          trials: trials.length,
          complete: trials.filter((t) => t.state === 'COMPLETE').length,
        };
      });
    },
    getStudy: ({ name }) => view(name),
    async deleteStudy({ name }) {
      if (running.has(name)) throw new Error(`Study "${name}" is running: pause or cancel it first`);
      const s = await storage();
      for (const study of [name, baselineStudyName(name)]) if (s.getStudy(study)) await s.deleteStudy(study);
      await meta.delete(name);
    },
    async exportStudy({ name, format }) {
      const s = await storage();
      const study = s.getStudy(name);
      if (!study) throw new Error(`Study "${name}" has no trials yet`);
      const trials = s.getTrials(name);
      if (format === 'optuna') return toOptunaJournal(study, trials);
      if (format === 'csv') return toStudyCsv(study, trials);
      return toStudyJson(study, trials, (n) => s.getIntermediate(name, n));
    },
    async importOptunaJournal({ text, fileName }) {
      const imported = fromOptunaJournal(text);
      const name = `optuna:${imported.name}`;
      const s = await storage();
      if (!s.getStudy(name)) {
        await s.createStudy(name, imported.objectives, { imported: fileName });
        for (const t of imported.trials) {
          const created = await s.createTrial(name, {
            params: t.params,
            distributions: t.distributions,
            userAttrs: t.userAttrs,
          });
          const result = t.results.at(-1);
          if (!result) continue;
          await s.claim(name, created.number, result.budget, 'import');
          await s.recordResult(name, created.number, result);
          await s.finish(
            name,
            created.number,
            t.state === 'WAITING' || t.state === 'RUNNING' ? 'FAIL' : t.state,
          );
        }
      }
      const config: StudyConfig = {
        datasetId: '',
        settings: {
          space: 'imported',
          sampler: 'random',
          trials: 0,
          maxEpochs: imported.trials[0]?.results.at(-1)?.budget ?? 0,
          seed: 0,
          objectives: imported.objectives as [string, string],
          otherBaselines: false,
        },
        train: { target: '', batchSize: 0 },
        workers: 1,
      };
      if (!(await meta.get(name)))
        await meta.put({ name, config, createdAt: new Date().toISOString(), wanted: 'done' });
      return view(name);
    },
    async exportTrialModel({ name, number, baseline }) {
      const m = await meta.get(name);
      if (!m) throw new Error(`No study named "${name}"`);
      const { checkpoint } = await trialCheckpoint(name, number, baseline);
      const { files } = await trialModelFiles(
        ctx.datasets,
        await manifestOf(m.config.datasetId),
        checkpoint,
        `${name}#${number}`,
      );
      return files;
    },
    async saveTrialAsRun({ name, number, baseline }) {
      const backend = requireBackend(ctx);
      const m = await meta.get(name);
      if (!m) throw new Error(`No study named "${name}"`);
      const manifest = await manifestOf(m.config.datasetId);
      const { trial, checkpoint, intermediate, objectives } = await trialCheckpoint(name, number, baseline);
      const id = `run-trial-${Date.now().toString(36)}-${number}`;
      const { files, session } = await trialModelFiles(ctx.datasets, manifest, checkpoint, id);
      const label = `${name} · ${baseline ? String(trial.userAttrs.baseline) : `trial ${number}`}`;
      const record = trialRunRecord({
        id,
        trial,
        objectives,
        intermediate,
        manifest,
        checkpoint: session.checkpoint,
        parameterCount: session.parameterCount,
        backend: backend.name,
        label,
      });
      await ctx.runs.put(record, files);
      return id;
    },
  };
}

/** The same study: every setting equal but the number of Workers, which may change on resume. */
function sameStudy(a: StudyConfig, b: StudyConfig): boolean {
  return JSON.stringify({ ...a, workers: 0 }) === JSON.stringify({ ...b, workers: 0 });
}

function defaultTrain(config: StudyConfig) {
  return {
    target: config.train.target,
    task: config.train.task,
    epochs: config.settings.maxEpochs,
    batchSize: config.train.batchSize,
    optimizer: { name: 'adam' as const, learningRate: 0.003 },
    seed: config.settings.seed,
    schedule: { kind: 'cosine' as const, warmupEpochs: 0 },
  };
}
