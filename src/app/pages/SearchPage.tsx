import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { QUICK_PRESET, syntheticImageCount, type SyntheticConfig } from '../../lab/data/synthetic/config';
import { configFromSearchParams, configToSearchParams } from '../../lab/data/synthetic/url';
import type { DatasetManifest } from '../../lab/data/types';
import type { Progress } from '../../lab/jobs/job';
import { publishedXY, readFrnasPhase2Csv } from '../../lab/search/results/frnas-published';
import type { SearchPayload, StudyConfig, StudySummary, StudyView } from '../../worker/api/search';
import { metricLabel } from '../components/metric-labels';
import { downloadFile } from '../download';
import { JobProgress } from '../components/JobProgress';
import { useJob } from '../hooks/useJob';
import { useLab } from '../lab-session';
import { HypervolumeChart } from './search/HypervolumeChart';
import { ParetoScatter, type PublishedPoint } from './search/ParetoScatter';
import { loadSearch, saveSearch } from './search/saved-search';
import {
  defaultSearchForm,
  formFromConfig,
  formProblem,
  studyName,
  toStudyConfig,
  withSearchForm,
  type SearchForm,
} from './search/search-form';
import { StudiesCard } from './search/StudiesCard';
import { StudyForm } from './search/StudyForm';
import { StudyProgress, type WorkerActivity } from './search/StudyProgress';
import { frontLine, studyPoints, unplotted, type StudyPoint } from './search/study-points';
import { TrialDetail } from './search/TrialDetail';
import { groupChoices } from './train/task-choices';
import { storedCopyOf } from './train/dataset-choice';
import { hasDatasetSettings } from '../url-state';
import './search/search.css';

/** A shared link's synthetic dataset (`d.*`, as the Train page writes it), so another browser can make it. */
function linkedSynthetic(search: string): SyntheticConfig | null {
  if (!hasDatasetSettings(search)) return null;
  try {
    return configFromSearchParams(new URLSearchParams(search), 'd.');
  } catch {
    return null;
  }
}

/** The query with the search settings, and the synthetic dataset's settings when it is one. */
function searchQuery(
  search: string,
  form: SearchForm,
  defaults: SearchForm,
  manifest: DatasetManifest | null,
) {
  const params = new URLSearchParams(withSearchForm(search, form, defaults));
  for (const key of [...params.keys()]) if (key.startsWith('d.')) params.delete(key);
  if (manifest?.source.kind === 'synthetic')
    for (const [k, v] of configToSearchParams(manifest.source.config as SyntheticConfig, 'd.'))
      params.set(k, v);
  return params.toString();
}

const fileSafe = (name: string) => name.replace(/[^\w.-]+/g, '_').slice(0, 80);

/**
 * The fairness-aware search (FR-NAS, Dooley et al. 2023) in the tab: a study's settings, its
 * trials training in k Workers, the live scatter of error against disparity with the Pareto
 * front, the hypervolume, baselines and published results, and each trial's detail.
 */
export function SearchPage() {
  const { client, session } = useLab();
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  const defaults = useMemo(() => defaultSearchForm(cores), [cores]);
  const [initial] = useState(() => ({
    ...loadSearch(window.location.search, defaults),
    synthetic: linkedSynthetic(window.location.search),
  }));
  const [form, setForm] = useState<SearchForm>(initial.form);
  const [datasets, setDatasets] = useState<DatasetManifest[]>([]);
  const [listed, setListed] = useState(false);
  const [studies, setStudies] = useState<StudySummary[]>([]);
  const [openName, setOpenName] = useState<string | null>(initial.study);
  const [view, setView] = useState<StudyView | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [workers, setWorkers] = useState<Record<number, WorkerActivity>>({});
  const [published, setPublished] = useState(initial.published);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(
    initial.problems.length ? initial.problems.join(' ') : null,
  );
  const [pausing, setPausing] = useState(false);
  const [studyEta, setStudyEta] = useState<number | null>(null);
  const [runningName, setRunningName] = useState<string | null>(null);
  const [action, setAction] = useState<{ busy: string | null; error: string | null }>({
    busy: null,
    error: null,
  });
  const [now, setNow] = useState(() => performance.now());
  const job = useJob<StudyView>();
  const startJob = job.start;
  const generation = useJob<DatasetManifest>();
  const ready = session.status === 'ready';
  const running = job.state.status === 'running';
  const resumedOnce = useRef(false);

  const manifest = datasets.find((d) => d.id === form.datasetId) ?? null;
  useEffect(() => {
    const query = searchQuery(window.location.search.slice(1), form, defaults, manifest);
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`,
    );
  }, [form, defaults, manifest]);

  useEffect(() => saveSearch({ form, study: openName, published }), [form, openName, published]);

  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(id);
  }, [running]);

  const refresh = useCallback(async () => {
    const [datasetList, studyList] = await Promise.all([
      client.call('listDatasets', undefined).promise,
      client.call('listStudies', undefined).promise,
    ]);
    setDatasets(datasetList);
    setStudies(studyList);
    setListed(true);
    return { datasets: datasetList, studies: studyList };
  }, [client]);

  const onProgress = useCallback((p: Progress) => {
    const payload = p.payload as SearchPayload | undefined;
    // The study's own progress: the Workers' step reports carry theirs in the payload.
    if (payload?.kind === 'study') {
      setView(payload.view);
      setStudyEta(p.etaSeconds);
    }
    if (payload?.kind === 'worker')
      setWorkers((all) => {
        const before = all[payload.worker];
        const started = payload.trial >= 0;
        return {
          ...all,
          [payload.worker]: started
            ? { ...payload, startedAt: performance.now() }
            : {
                ...(before ?? { worker: payload.worker, trial: -1, budget: 0, startedAt: performance.now() }),
                epoch: payload.epoch,
                done: payload.done,
                total: payload.total,
              },
        };
      });
  }, []);

  const run = useCallback(
    async (name: string, config: StudyConfig) => {
      setError(null);
      setOpenName(name);
      setRunningName(name);
      setWorkers({});
      setPausing(false);
      try {
        const result = await startJob((report) =>
          client.call('runStudy', { name, config }, (p) => {
            onProgress(p);
            report(p);
          }),
        );
        if (result) setView(result);
      } finally {
        setRunningName(null);
        setPausing(false);
        setWorkers({});
        const list = await refresh().catch(() => null);
        const after = list?.studies.find((s) => s.name === name);
        if (after && after.status !== 'running')
          setView(await client.call('getStudy', { name }).promise.catch(() => null));
      }
    },
    [client, startJob, onProgress, refresh],
  );

  const open = useCallback(
    async (name: string, list: StudySummary[]) => {
      const summary = list.find((s) => s.name === name);
      if (!summary) return;
      setOpenName(name);
      setSelected(null);
      setView(await client.call('getStudy', { name }).promise);
      if (summary.config.datasetId) setForm(formFromConfig(name, summary.config, defaults));
      return summary;
    },
    [client, defaults],
  );

  // Once ready: list what is stored, reopen the study on screen (a link's: the one its settings
  // name), and resume it if a reload interrupted it.
  useEffect(() => {
    if (!ready || resumedOnce.current) return;
    resumedOnce.current = true;
    void (async () => {
      try {
        const list = await refresh();
        let linked = list.datasets.find((d) => d.id === form.datasetId);
        // A link from another browser names a dataset id not stored here: its synthetic settings find the same data.
        const copy =
          !linked && initial.synthetic ? storedCopyOf(initial.synthetic, list.datasets) : undefined;
        if (copy) {
          linked = copy;
          setForm((f) => ({ ...f, datasetId: copy.id }));
        }
        const target = initial.fromLink
          ? studyName({ ...form, datasetId: linked?.id ?? form.datasetId }, linked?.name)
          : openName;
        if (!target || !list.studies.some((s) => s.name === target)) return;
        const summary = await open(target, list.studies);
        if (summary?.status === 'interrupted') {
          setNotice(
            `Resumed “${summary.name}” after the page was reloaded: its finished trials are kept, the interrupted trial runs again.`,
          );
          await run(summary.name, summary.config);
        }
      } catch (e) {
        setError(`Could not read the stored studies: ${(e as Error).message}`);
      }
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the Worker is ready
  }, [ready]);

  const name = studyName(form, manifest?.name);
  const existing = studies.find((s) => s.name === name) ?? null;
  const problem =
    formProblem(form) ??
    (form.datasetId && !manifest ? 'The chosen dataset is not stored in this browser.' : null);

  const generate = async (config: SyntheticConfig) => {
    const made = await generation.start((report) => client.call('generateSynthetic', { config }, report));
    if (!made) return;
    await refresh();
    setForm((f) => ({ ...f, datasetId: made.id, groupAttribute: f.datasetId ? f.groupAttribute : '' }));
  };
  const linkedMissing = listed && form.datasetId !== '' && !manifest && initial.synthetic !== null;

  const start = () => {
    if (existing?.status === 'done') {
      void open(name, studies).catch((e: Error) => setError(e.message));
      return;
    }
    if (problem || !manifest) return;
    const groupAttribute = form.groupAttribute || groupChoices(manifest, form.target)[0] || '';
    setNotice(null);
    setSelected(null);
    void run(name, toStudyConfig({ ...form, groupAttribute }));
  };

  // A study left running when the page was switched away from: the Worker still runs it; follow it.
  const detached = view?.status === 'running' && !running ? view.name : null;
  useEffect(() => {
    if (!detached) return;
    const id = setInterval(() => {
      void client
        .call('getStudy', { name: detached })
        .promise.then((v) => {
          setView(v);
          if (v.status === 'running') return;
          setPausing(false);
          void refresh();
        })
        .catch(() => undefined);
    }, 2000);
    return () => clearInterval(id);
  }, [detached, client, refresh]);

  const pause = async (studyName = runningName) => {
    if (!studyName) return;
    setPausing(true);
    try {
      await client.call('pauseStudy', { name: studyName }).promise;
    } catch (e) {
      setError((e as Error).message);
      setPausing(false);
    }
  };

  const remove = async (studyToDelete: string) => {
    try {
      await client.call('deleteStudy', { name: studyToDelete }).promise;
      if (openName === studyToDelete) {
        setOpenName(null);
        setView(null);
      }
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const exportStudy = async (format: 'json' | 'csv' | 'optuna') => {
    if (!openName) return;
    try {
      const text = await client.call('exportStudy', { name: openName, format }).promise;
      const ext = format === 'optuna' ? 'optuna-journal.log' : format;
      downloadFile(`${fileSafe(openName)}.${ext}`, text, format === 'csv' ? 'text/csv' : 'application/json');
    } catch (e) {
      setError(`Could not export the study: ${(e as Error).message}`);
    }
  };

  const importJournal = async (file: File) => {
    try {
      const imported = await client.call('importOptunaJournal', {
        text: await file.text(),
        fileName: file.name,
      }).promise;
      await refresh();
      setOpenName(imported.name);
      setView(imported);
      setSelected(null);
      setNotice(`Imported ${imported.trials.length} trials from ${file.name} as “${imported.name}”.`);
    } catch (e) {
      setError(`Could not import ${file.name}: ${(e as Error).message}`);
    }
  };

  const loadPublished = async (file: File) => {
    try {
      const series = readFrnasPhase2Csv(await file.text(), file.name);
      setPublished({
        name: `FR-NAS published · ${file.name}`,
        points: publishedXY(series) as PublishedPoint[],
      });
      setError(null);
    } catch (e) {
      setError(`Could not read ${file.name}: ${(e as Error).message}`);
    }
  };

  const points = view ? studyPoints(view) : [];
  const front = view ? frontLine(view) : [];
  const missing = view ? unplotted(view) : { failed: 0, pending: 0 };
  const selectedPoint = points.find((p) => p.key === selected) ?? null;
  const selectedTrial = selectedPoint
    ? (selectedPoint.baseline ? view!.baselines : view!.trials).find((t) => t.number === selectedPoint.number)
    : undefined;
  const disparity = view?.objectives[1] ?? 'rank_disparity';

  const trialAction = async (kind: 'export' | 'compress', point: StudyPoint) => {
    if (!view) return;
    setAction({ busy: kind, error: null });
    const args = { name: view.name, number: point.number, baseline: point.baseline };
    try {
      if (kind === 'export') {
        const files = await client.call('exportTrialModel', args).promise;
        downloadFile('model.json', files['model.json'], 'application/json');
        downloadFile('weights.bin', files['weights.bin']);
        setAction({ busy: null, error: null });
      } else {
        const runId = await client.call('saveTrialAsRun', args).promise;
        window.location.assign(`?run=${encodeURIComponent(runId)}#/compress`);
      }
    } catch (e) {
      setAction({ busy: null, error: (e as Error).message });
    }
  };

  return (
    <section className="page" data-testid="page-search">
      <h2>Fairness-aware architecture search</h2>
      <p className="muted">
        After Dooley et al., NeurIPS 2023 (FR-NAS): search architectures and hyperparameters for two
        objectives, error and a disparity, and see which trials are Pareto-optimal against FR-NAS’s found
        architectures and other baselines. Trials train in Workers on this machine; the study is kept in this
        browser and resumes after a reload.
      </p>
      {error && (
        <p className="error" role="alert" data-testid="search-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" data-testid="search-notice">
          {notice}
        </p>
      )}
      <div className="card">
        <StudyForm form={form} onForm={setForm} datasets={datasets} disabled={running} cores={cores} />
        {datasets.length === 0 && listed && !linkedMissing && (
          <p className="muted" data-testid="search-no-datasets">
            No dataset is stored yet.{' '}
            <button
              type="button"
              onClick={() => void generate(QUICK_PRESET)}
              disabled={generation.state.status === 'running'}
              data-testid="search-generate-demo"
            >
              Generate the demo dataset ({syntheticImageCount(QUICK_PRESET).toLocaleString('en-US')} synthetic
              faces)
            </button>{' '}
            or tune one on the <a href="#/train">Train page</a>, or import one on the{' '}
            <a href="#/data">Data page</a>.
          </p>
        )}
        {linkedMissing && (
          <p className="notice" data-testid="search-linked-dataset">
            This link’s synthetic dataset is not stored in this browser yet.{' '}
            <button
              type="button"
              onClick={() => void generate(initial.synthetic!)}
              disabled={generation.state.status === 'running'}
              data-testid="search-generate-linked"
            >
              Generate it ({syntheticImageCount(initial.synthetic!).toLocaleString('en-US')} images)
            </button>
          </p>
        )}
        <JobProgress state={generation.state} onCancel={generation.cancel} label="search-generate" />
        <div className="actions">
          <button
            type="button"
            onClick={start}
            disabled={!ready || running || problem !== null}
            data-testid="search-start"
          >
            {existing?.status === 'done'
              ? 'Open the finished study'
              : existing
                ? 'Resume study'
                : 'Start search'}
          </button>
          <span className="muted" data-testid="search-study-name">
            {name}
          </span>
          {problem && (
            <span className="muted" data-testid="search-problem">
              {' '}
              · {problem}
            </span>
          )}
        </div>
        {job.state.status === 'running' && (
          <StudyProgress
            done={view?.progress.done ?? 0}
            total={view?.progress.total ?? 0}
            etaSeconds={studyEta}
            workers={Object.values(workers)}
            pausing={pausing}
            now={now}
            onPause={() => void pause()}
            onCancel={job.cancel}
          />
        )}
        {job.state.status === 'cancelled' && (
          <p className="notice" data-testid="search-cancelled">
            Cancelled: the running trials stopped; finished ones are kept. Resume to go on.
          </p>
        )}
        {job.state.status === 'failed' && (
          <p className="error" role="alert" data-testid="search-failed">
            {job.state.error}
          </p>
        )}
      </div>
      {view && (
        <div className="card" data-testid="study-results" data-status={view.status}>
          <h3>
            {view.name} <span className="muted">· {view.status}</span>
          </h3>
          {detached && (
            <p className="notice" data-testid="study-detached">
              Still running in the lab’s Worker (started before you left this page); the scatter follows it.{' '}
              <button
                type="button"
                onClick={() => void pause(detached)}
                disabled={pausing}
                data-testid="study-detached-pause"
              >
                {pausing ? 'Pausing…' : 'Pause'}
              </button>
            </p>
          )}
          <p data-testid="study-summary">
            {view.progress.done} of {view.progress.total} trials finished · {points.length} plotted · front of{' '}
            {view.pareto.length}
            {missing.failed > 0 && ` · ${missing.failed} failed`}
            {missing.pending > 0 && ` · ${missing.pending} not evaluated yet`}
          </p>
          <ParetoScatter
            points={points}
            front={front}
            frontSize={view.pareto.length}
            disparity={disparity}
            published={published}
            selected={selected}
            onSelect={(p) => {
              setSelected(p.key);
              setAction({ busy: null, error: null });
            }}
          />
          {published && disparity !== 'rank_disparity' && (
            <p className="muted">
              The published points are FR-NAS’s Rank Disparity, not this study’s x axis.
            </p>
          )}
          <HypervolumeChart
            history={view.hypervolumeHistory}
            referencePoint={view.referencePoint}
            hypervolume={view.hypervolume}
            disparity={disparity}
          />
          {view.dominance.length > 0 && (
            <table className="dominance" data-testid="dominance">
              <thead>
                <tr>
                  <th>baseline</th>
                  <th>error</th>
                  <th>{metricLabel(disparity)}</th>
                  <th>dominated by searched trials</th>
                </tr>
              </thead>
              <tbody>
                {view.dominance.map((d) => (
                  <tr key={d.label}>
                    <td>{d.label}</td>
                    <td>{d.values[0].toFixed(3)}</td>
                    <td>{d.values[1].toFixed(3)}</td>
                    <td>{d.dominatedBy.length ? d.dominatedBy.join(', ') : 'none'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {selectedPoint && selectedTrial && (
            <TrialDetail
              trial={selectedTrial}
              baseline={selectedPoint.baseline}
              objectives={view.objectives}
              intermediate={
                (selectedPoint.baseline ? view.baselineIntermediate : view.intermediate)[
                  selectedTrial.number
                ] ?? []
              }
              dominatedBy={
                selectedPoint.kind === 'baseline'
                  ? (view.dominance.find((d) => d.label === selectedPoint.label)?.dominatedBy ?? null)
                  : null
              }
              busy={action.busy}
              error={action.error}
              onExport={() => void trialAction('export', selectedPoint)}
              onCompress={() => void trialAction('compress', selectedPoint)}
              onClose={() => setSelected(null)}
            />
          )}
        </div>
      )}
      <StudiesCard
        studies={studies}
        open={openName}
        running={runningName}
        onOpen={(n) => void open(n, studies).catch((e: Error) => setError(e.message))}
        onDelete={(n) => void remove(n)}
        onExport={(f) => void exportStudy(f)}
        onImportJournal={(f) => void importJournal(f)}
        onLoadPublished={(f) => void loadPublished(f)}
        publishedName={published?.name ?? null}
        onClearPublished={() => setPublished(null)}
      />
    </section>
  );
}
