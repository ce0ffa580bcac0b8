import { useCallback, useEffect, useState } from 'react';
import type { DatasetManifest } from '../../lab/data/types';
import type { RunRecord } from '../../lab/runs/types';
import { useLab } from '../lab-session';
import { useJob } from '../hooks/useJob';
import type { ExperimentState } from '../url-state';
import { headOf, writeExperiment } from '../url-state';
import { DatasetSection } from './train/DatasetSection';
import { TrainSection } from './train/TrainSection';
import { ResultsSection } from './train/ResultsSection';

/** The lab's main flow: generate biased data → train in the Worker → evaluate per group → plot. */
export function TrainPage({ initial }: { initial: ExperimentState }) {
  const { client, session } = useLab();
  const [experiment, setExperiment] = useState(initial);
  const [datasets, setDatasets] = useState<DatasetManifest[] | null>(null);
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [selectedRun, setSelectedRun] = useState<string | null>(null);
  const generation = useJob<DatasetManifest>();
  const training = useJob<RunRecord>();
  const ready = session.status === 'ready';

  const refresh = useCallback(async () => {
    const [list, runList] = await Promise.all([
      client.call('listDatasets', undefined).promise,
      client.call('listRuns', undefined).promise,
    ]);
    setDatasets(list);
    setRuns(runList);
    setDatasetId((current) =>
      current && list.some((d) => d.id === current) ? current : (list.at(-1)?.id ?? null),
    );
  }, [client]);

  useEffect(() => {
    if (ready) void refresh();
  }, [ready, refresh]);

  useEffect(() => {
    const query = writeExperiment(experiment);
    const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    window.history.replaceState(null, '', url);
  }, [experiment]);

  const generate = async () => {
    const manifest = await generation.start((onProgress) =>
      client.call('generateSynthetic', { config: experiment.dataset }, onProgress),
    );
    await refresh();
    if (manifest) setDatasetId(manifest.id);
  };

  const train = async () => {
    if (!datasetId) return;
    const run = await training.start((onProgress) =>
      client.call(
        'train',
        {
          datasetId,
          model: experiment.architecture,
          head: headOf(experiment),
          train: experiment.train,
          seed: experiment.train.seed,
        },
        onProgress,
      ),
    );
    await refresh();
    if (run?.evaluation) setSelectedRun(run.id);
  };

  const renameRun = async (id: string, label: string) => {
    await client.call('renameRun', { id, label }).promise;
    await refresh();
  };

  const deleteRun = async (id: string) => {
    await client.call('deleteRun', { id }).promise;
    await refresh();
  };

  const busy = generation.state.status === 'running' || training.state.status === 'running';
  const shownRun = runs.find((r) => r.id === selectedRun) ?? runs.at(-1) ?? null;

  return (
    <section className="page" data-testid="page-train">
      <DatasetSection
        config={experiment.dataset}
        onConfig={(dataset) => setExperiment((e) => ({ ...e, dataset }))}
        datasets={datasets}
        datasetId={datasetId}
        onSelect={setDatasetId}
        job={generation}
        onGenerate={generate}
        disabled={!ready || busy}
      />
      <TrainSection
        experiment={experiment}
        onExperiment={setExperiment}
        dataset={datasets?.find((d) => d.id === datasetId) ?? null}
        job={training}
        onTrain={train}
        disabled={!ready || busy || !datasetId}
      />
      <ResultsSection
        runs={runs}
        shown={shownRun}
        axes={experiment.axes}
        onAxes={(axes) => setExperiment((e) => ({ ...e, axes }))}
        onSelect={setSelectedRun}
        onDelete={deleteRun}
        onRename={renameRun}
      />
    </section>
  );
}
