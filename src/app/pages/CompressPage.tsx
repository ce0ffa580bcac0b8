import { useCallback, useEffect, useState } from 'react';
import type { PublishedResults } from '../../lab/compress/published';
import type { SweepOptions, SweepRecord } from '../../lab/compress/sweep-types';
import type { DatasetManifest } from '../../lab/data/types';
import type { RunRecord } from '../../lab/runs/types';
import type {
  CompressModelInfo,
  CompressModelSource,
  SweepCheck,
  SweepRequest,
} from '../../worker/api/compress';
import { downloadFile } from '../download';
import { useJob } from '../hooks/useJob';
import { useLab } from '../lab-session';
import { ModelCard } from './compress/ModelCard';
import { loadSaved, runFromUrl, save, type SweepForm } from './compress/state';
import { SweepCard } from './compress/SweepCard';
import { SweepResults } from './compress/SweepResults';
import './compress/compress.css';

function optionsOf(form: SweepForm): SweepOptions {
  return {
    methods: form.methods,
    repeats: form.repeats,
    seed: form.seed,
    bootstrap: form.bootstrap,
    task: form.task,
    target: form.target || undefined,
    groupAttribute: form.groupAttribute || undefined,
    disparity: form.disparity || undefined,
    finetuneEpochs: form.finetuneEpochs,
    finetuneSchedule: form.finetuneSchedule,
  };
}

/**
 * Compression sweeps and their effect on fairness (after Stoychev & Gunes 2022): pick a model and
 * a dataset, sweep pruning / quantisation / clustering and their combinations in the Worker, and
 * read size, accuracy and every group's accuracy with CIs — beside published results if loaded.
 */
export function CompressPage() {
  const { client, session } = useLab();
  const [initial] = useState(() => {
    const saved = loadSaved();
    const linked = runFromUrl(window.location.search);
    return { ...saved, runId: linked ?? saved.runId, linked: linked !== null };
  });
  const [form, setForm] = useState<SweepForm>(initial.form);
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [runId, setRunId] = useState(initial.runId ?? '');
  const [datasets, setDatasets] = useState<DatasetManifest[]>([]);
  const [source, setSource] = useState<CompressModelSource | null>(null);
  const [info, setInfo] = useState<CompressModelInfo | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [check, setCheck] = useState<SweepCheck | null>(null);
  const [sweeps, setSweeps] = useState<SweepRecord[]>([]);
  const [sweepId, setSweepId] = useState<string | null>(initial.sweepId);
  const [published, setPublished] = useState<PublishedResults | null>(initial.published);
  const [publishedDataset, setPublishedDataset] = useState(initial.published?.datasets[0] ?? '');
  const [actionError, setActionError] = useState<string | null>(null);
  const job = useJob<SweepRecord>();
  const ready = session.status === 'ready';
  const running = job.state.status === 'running';

  useEffect(
    () => save({ runId: source?.kind === 'run' ? source.runId : runId || null, form, sweepId, published }),
    [source, runId, form, sweepId, published],
  );

  const refresh = useCallback(async () => {
    const [runList, datasetList, sweepList] = await Promise.all([
      client.call('listRuns', undefined).promise,
      client.call('listDatasets', undefined).promise,
      client.call('listSweeps', undefined).promise,
    ]);
    setRuns(runList);
    setDatasets(datasetList);
    setSweeps(sweepList);
    setRunId((current) => (runList.some((r) => r.id === current) ? current : (runList.at(-1)?.id ?? '')));
  }, [client]);

  const load = useCallback(
    async (next: CompressModelSource) => {
      setLoading(true);
      setLoadError(null);
      try {
        const loaded = await client.call('inspectCompressModel', next).promise;
        setSource(next);
        setInfo(loaded);
        // Judge the model on the data it was trained on, when that dataset is stored here.
        const trainedOn = loaded.datasetId;
        if (trainedOn) setForm((f) => ({ ...f, datasetId: trainedOn }));
      } catch (error) {
        setLoadError((error as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [client],
  );

  useEffect(() => {
    if (!ready) return;
    void refresh().then(() => {
      // ?run=<id> (e.g. a search trial's "Compress this model") opens on that run.
      if (initial.linked && initial.runId) void load({ kind: 'run', runId: initial.runId });
    });
  }, [ready, refresh, load, initial]);

  // Fit the dataset choice to what is stored.
  useEffect(() => {
    if (datasets.length > 0 && !datasets.some((d) => d.id === form.datasetId))
      setForm((f) => ({ ...f, datasetId: datasets.at(-1)!.id }));
  }, [datasets, form.datasetId]);

  // Live check of the sweep against the model and the dataset, before anything runs.
  useEffect(() => {
    if (!source || !form.datasetId) {
      setCheck(null);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      client.call('checkSweep', { source, datasetId: form.datasetId, options: optionsOf(form) }).promise.then(
        (result) => !stale && setCheck(result),
        (error: Error) => !stale && setCheck({ problems: [error.message], evaluations: 0 }),
      );
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [client, source, form]);

  const runSweep = async () => {
    if (!source) return;
    const request: SweepRequest = { source, datasetId: form.datasetId, options: optionsOf(form) };
    const record = await job.start((onProgress) => client.call('runSweep', request, onProgress));
    const list = await client.call('listSweeps', undefined).promise;
    setSweeps(list);
    setSweepId(record?.id ?? list.at(-1)?.id ?? null);
  };

  const exportModel = async (id: string, settingKey: string) => {
    try {
      const files = await client.call('exportCompressedModel', { sweepId: id, settingKey }).promise;
      downloadFile('model.json', files['model.json'], 'application/json');
      downloadFile('weights.bin', files['weights.bin']);
      if (files['weights.int8.bin']) downloadFile('weights.int8.bin', files['weights.int8.bin']);
      setActionError(null);
    } catch (error) {
      setActionError((error as Error).message);
    }
  };

  const deleteSweep = async (id: string) => {
    await client.call('deleteSweep', { id }).promise;
    setSweeps(await client.call('listSweeps', undefined).promise);
  };

  const selected = sweeps.find((s) => s.id === sweepId) ?? sweeps.at(-1) ?? null;
  return (
    <section className="page compress" data-testid="page-compress">
      <div className="card">
        <h2>Compression and fairness</h2>
        <p className="muted">
          Sweep magnitude pruning (TFMOT), filter pruning, int8 and float16 post-training quantisation, weight
          clustering and their combinations over a trained model, and see how size, accuracy and each group’s
          accuracy move (after Stoychev &amp; Gunes, 2022). What is evaluated is exactly what “Export
          compressed model” downloads.
        </p>
      </div>
      <ModelCard
        runs={runs}
        runId={runId}
        onRunId={setRunId}
        onLoad={(s) => void load(s)}
        info={info}
        loading={loading}
        error={loadError}
        disabled={!ready || running}
      />
      <SweepCard
        form={form}
        onForm={setForm}
        datasets={datasets}
        check={check}
        job={job.state}
        onRun={() => void runSweep()}
        onCancel={job.cancel}
        canRun={ready && source !== null && Boolean(form.datasetId)}
        disabled={!ready || running}
      />
      {actionError && (
        <p className="error" role="alert" data-testid="compress-action-error">
          {actionError}
        </p>
      )}
      <SweepResults
        sweeps={sweeps}
        selected={selected}
        onSelect={setSweepId}
        onDelete={(id) => void deleteSweep(id)}
        onExport={(id, key) => void exportModel(id, key)}
        published={published}
        onPublished={setPublished}
        publishedDataset={publishedDataset}
        onPublishedDataset={setPublishedDataset}
      />
    </section>
  );
}
