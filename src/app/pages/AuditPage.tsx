import { useCallback, useEffect, useState } from 'react';
import type { AuditMapping } from '../../lab/audit/mapping';
import type { DatasetManifest } from '../../lab/data/types';
import type {
  AuditCheck,
  AuditCheckRequest,
  AuditOutcome,
  LoadedAuditModel,
  PredictionsCsvRequest,
} from '../../worker/api/audit';
import { JobProgress } from '../components/JobProgress';
import { useJob } from '../hooks/useJob';
import { useLab } from '../lab-session';
import { AuditResults } from './audit/AuditResults';
import { CsvRouteCard } from './audit/CsvRouteCard';
import { DataCard, filterProblem } from './audit/DataCard';
import { MappingCard } from './audit/MappingCard';
import { ModelSourceCard } from './audit/ModelSourceCard';
import { ThresholdCard } from './audit/ThresholdCard';
import type { SampleModel } from './audit/sample-job';
import {
  defaultGroups,
  fitData,
  loadSaved,
  mappingForModel,
  modelKey,
  save,
  type AuditRoute,
  type DataChoice,
} from './audit/state';
import './data/data.css';
import './audit/audit.css';

/**
 * Audit a released tfjs model per group: load it (files, URL or a lab run), map dataset images
 * to its input and its output to dataset labels, pick the data, run with progress and Cancel,
 * and read / download the per-group report. Or audit a predictions CSV made elsewhere.
 */
export function AuditPage() {
  const { client, session } = useLab();
  const [initial] = useState(loadSaved);
  const [route, setRoute] = useState<AuditRoute>(initial.route);
  const [mapping, setMapping] = useState<AuditMapping>(initial.mapping);
  const [savedKey, setSavedKey] = useState<string | null>(initial.modelKey);
  const [data, setData] = useState<DataChoice>(initial.data);
  const [loaded, setLoaded] = useState<LoadedAuditModel | null>(null);
  const [mappingNote, setMappingNote] = useState<string | null>(null);
  const [datasets, setDatasets] = useState<DatasetManifest[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  /** The last check's answer, with the inputs it answers (a newer input is still being checked). */
  const [check, setCheck] = useState<{ key: string; result: AuditCheck } | null>(null);
  const job = useJob<AuditOutcome>();
  const [outcome, setOutcome] = useState<AuditOutcome | null>(null);
  const ready = session.status === 'ready';
  const running = job.state.status === 'running';

  useEffect(() => save({ route, modelKey: savedKey, mapping, data }), [route, savedKey, mapping, data]);

  const refresh = useCallback(async (): Promise<DatasetManifest[] | null> => {
    try {
      const list = await client.call('listDatasets', undefined).promise;
      setDatasets(list);
      setListError(null);
      return list;
    } catch (error) {
      setListError(`Could not list the stored datasets: ${(error as Error).message}`);
      return null;
    }
  }, [client]);
  useEffect(() => {
    if (ready) void refresh();
  }, [ready, refresh]);

  const manifest = datasets?.find((d) => d.id === data.datasetId) ?? null;

  // Fit the data choices to the stored datasets (a deleted dataset, a reload, a new model).
  useEffect(() => {
    if (!datasets || datasets.length === 0) return;
    const preferred = datasets.find((d) => d.id === loaded?.lab?.datasetId);
    const chosen = datasets.find((d) => d.id === data.datasetId) ?? preferred ?? datasets.at(-1)!;
    const fitted = fitData(data, chosen, mapping, loaded?.lab ?? null);
    if (JSON.stringify(fitted) !== JSON.stringify(data)) setData(fitted);
  }, [datasets, data, mapping, loaded]);

  // Live check of the mapping against the model and the dataset, before anything runs.
  const { modelId } = loaded ?? {};
  const checkRequest: AuditCheckRequest | null = modelId
    ? {
        modelId,
        mapping,
        datasetId: data.datasetId || undefined,
        target: data.target || undefined,
        filters: data.filters,
        groupAttributes: data.groupAttributes,
        positive: data.positive || undefined,
        privileged: data.privileged || undefined,
      }
    : null;
  const checkKey = JSON.stringify(checkRequest);
  useEffect(() => {
    const request = JSON.parse(checkKey) as AuditCheckRequest | null;
    if (!request) return;
    let stale = false;
    client.call('checkAudit', request).promise.then(
      (result) => !stale && setCheck({ key: checkKey, result }),
      (error: Error) =>
        !stale && setCheck({ key: checkKey, result: { problems: [error.message], warnings: [] } }),
    );
    return () => {
      stale = true;
    };
  }, [client, checkKey]);
  const checked = check && check.key === checkKey ? check.result : null;

  const onLoaded = async (model: LoadedAuditModel, sample?: SampleModel) => {
    setLoaded(model);
    setOutcome(null);
    // The sample's dataset may be new: list it before choosing it.
    const list = sample ? ((await refresh()) ?? datasets) : datasets;
    const { info } = model;
    const key = modelKey(info);
    if (savedKey === key) {
      setMappingNote(`Kept the mapping saved for ${info.name}.`);
    } else {
      setMapping(model.suggested ?? mappingForModel(info, mapping));
      setMappingNote(
        model.suggested
          ? `Prefilled from ${model.suggested.source}.`
          : 'No preset knows this model: check the mapping below (input size and output were read from the model).',
      );
      setSavedKey(key);
      if (model.lab && list) {
        const lab = model.lab;
        const dataset = list.find((d) => d.id === lab.datasetId) ?? manifest;
        if (dataset) {
          setData((d) => ({
            ...d,
            datasetId: dataset.id,
            split: 'test',
            target: lab.target,
            groupAttributes: defaultGroups(dataset, lab.target, true),
            filters: [],
            positive: '',
            privileged: '',
          }));
        }
      }
    }
  };

  const runModelAudit = async () => {
    if (!loaded || !manifest) return;
    setOutcome(null);
    const result = await job.start((onProgress) =>
      client.call(
        'runAudit',
        {
          modelId: loaded.modelId,
          mapping,
          datasetId: manifest.id,
          split: data.split,
          target: data.target,
          groupAttributes: data.groupAttributes,
          filters: data.filters,
          positive: data.positive || undefined,
          privileged: data.privileged || undefined,
          bootstrap: data.bootstrap,
          limit: data.limit > 0 ? data.limit : undefined,
        },
        onProgress,
      ),
    );
    if (result) setOutcome(result);
  };
  const runCsvAudit = async (request: PredictionsCsvRequest) => {
    setOutcome(null);
    const result = await job.start((onProgress) => client.call('auditPredictionsCsv', request, onProgress));
    if (result) setOutcome(result);
  };

  const problems = checked?.problems ?? [];
  const blockers = [
    !loaded && 'load a model',
    !manifest && (datasets === null ? 'wait for the stored datasets to load' : 'choose a dataset'),
    data.filters.some((f) => filterProblem(f, manifest)) && 'fix or remove the bad filter',
    loaded && !checked && 'wait for the mapping check',
    problems.length > 0 &&
      `fix what does not fit (under 2 · Mapping): ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
  ].filter((b): b is string => typeof b === 'string');
  const targetValues = manifest?.categorical.find((a) => a.name === data.target)?.values ?? [];

  return (
    <section className="page" data-testid="page-audit">
      <div className="card">
        <h2>Audit a model per group</h2>
        <p className="muted">
          Load a released tfjs model (LayersModel or GraphModel), say how images feed it and how its output
          reads as labels, and measure it per group on a stored dataset — or audit predictions made elsewhere.
        </p>
        <div className="row" role="radiogroup" aria-label="audit route">
          <label className="inline">
            <input
              type="radio"
              name="audit-route"
              checked={route === 'model'}
              disabled={running}
              onChange={() => setRoute('model')}
              data-testid="route-model"
            />
            A model on a stored dataset
          </label>
          <label className="inline">
            <input
              type="radio"
              name="audit-route"
              checked={route === 'csv'}
              disabled={running}
              onChange={() => setRoute('csv')}
              data-testid="route-csv"
            />
            A predictions CSV
          </label>
        </div>
        {listError && (
          <p className="error" role="alert">
            {listError}
          </p>
        )}
      </div>

      {route === 'model' ? (
        <>
          <ModelSourceCard
            loaded={loaded}
            onLoaded={(m, sample) => void onLoaded(m, sample)}
            disabled={running}
          />
          {mappingNote && loaded && (
            <p className="notice" data-testid="mapping-note">
              {mappingNote}
            </p>
          )}
          <MappingCard
            mapping={mapping}
            onChange={setMapping}
            info={loaded?.info ?? null}
            suggested={loaded?.suggested ?? null}
            targetValues={targetValues}
            target={data.target}
            check={checked}
            disabled={running}
          />
          <DataCard
            datasets={datasets}
            manifest={manifest}
            data={data}
            onChange={setData}
            disabled={running}
          />
          <div className="card" data-testid="run-card">
            <h2>4 · Run</h2>
            <div className="row">
              <button
                type="button"
                className="primary"
                disabled={!ready || running || blockers.length > 0}
                onClick={() => void runModelAudit()}
                data-testid="audit-run"
              >
                Run the audit
              </button>
              {blockers.length > 0 && (
                <span className="muted" data-testid="audit-blockers">
                  First {blockers.join(', ')}.
                </span>
              )}
            </div>
            <JobProgress state={job.state} onCancel={job.cancel} label="audit" />
          </div>
        </>
      ) : (
        <>
          <CsvRouteCard onRun={(r) => void runCsvAudit(r)} disabled={!ready || running} />
          <JobProgress state={job.state} onCancel={job.cancel} label="audit" />
        </>
      )}
      {outcome && <AuditResults key={outcome.report.created} outcome={outcome} />}
      <ThresholdCard audited={outcome} />
    </section>
  );
}
