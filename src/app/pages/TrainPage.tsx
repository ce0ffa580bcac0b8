import { useCallback, useEffect, useState } from 'react';
import type { DatasetManifest } from '../../lab/data/types';
import type { RunRecord } from '../../lab/runs/types';
import { canonicalConfigString } from '../../lab/data/synthetic/url';
import { useLab } from '../lab-session';
import { useJob } from '../hooks/useJob';
import type { ExperimentState } from '../url-state';
import { hasDatasetSettings, headOf, writeExperiment } from '../url-state';
import { DatasetSection } from './train/DatasetSection';
import { TrainSection } from './train/TrainSection';
import { ResultsSection } from './train/ResultsSection';
import { TrainIntro } from './train/TrainIntro';
import { missingDatasetMessage, shownDataset, withDataset } from './train/dataset-choice';
import { fitTask, resolvedGroup, untrainableReason } from './train/task-choices';

/** The lab's main flow: generate biased data → train in the Worker → evaluate per group → plot. */
export function TrainPage({ initial }: { initial: ExperimentState }) {
  const { client, session } = useLab();
  const [experiment, setExperiment] = useState(initial);
  // The synthetic settings a shared link carried, so the page can say "this link describes…".
  const [linkSettings] = useState(() =>
    hasDatasetSettings(window.location.search) ? canonicalConfigString(initial.dataset) : null,
  );
  const [datasets, setDatasets] = useState<DatasetManifest[] | null>(null);
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [selectedRun, setSelectedRun] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const generation = useJob<DatasetManifest>();
  const training = useJob<RunRecord>();
  const ready = session.status === 'ready';

  const refresh = useCallback(async () => {
    try {
      const [list, runList] = await Promise.all([
        client.call('listDatasets', undefined).promise,
        client.call('listRuns', undefined).promise,
      ]);
      setDatasets(list);
      setRuns(runList);
      setLoadError(null);
    } catch (error) {
      setLoadError(`Could not read the stored datasets and runs: ${(error as Error).message}`);
    }
  }, [client]);

  useEffect(() => {
    if (ready) void refresh();
  }, [ready, refresh]);

  useEffect(() => {
    const query = writeExperiment(experiment);
    const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    window.history.replaceState(null, '', url);
  }, [experiment]);

  const shown = datasets ? shownDataset(experiment, datasets) : null;
  const fromLink = linkSettings !== null && canonicalConfigString(experiment.dataset) === linkSettings;
  const missing = datasets && !shown ? missingDatasetMessage(experiment, fromLink) : null;

  // A dataset that lacks the task or groups on screen gets ones it has.
  const shownId = shown?.id;
  useEffect(() => {
    if (shown) setExperiment((e) => fitTask(e, shown));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refit when the dataset changes, not on every list refresh
  }, [shownId]);

  const generate = async (): Promise<DatasetManifest | undefined> => {
    const config = experiment.dataset;
    setExperiment((e) => ({ ...e, data: undefined }));
    const manifest = await generation.start((onProgress) =>
      client.call('generateSynthetic', { config }, onProgress),
    );
    await refresh();
    return manifest;
  };

  const train = async (manifest: DatasetManifest | null = shown) => {
    if (!manifest || untrainableReason(manifest, experiment.train)) return;
    const groupAttribute = resolvedGroup(manifest, experiment.train);
    const run = await training.start((onProgress) =>
      client.call(
        'train',
        {
          datasetId: manifest.id,
          model: experiment.architecture,
          head: headOf(experiment),
          train: { ...experiment.train, groupAttribute },
          seed: experiment.train.seed,
        },
        onProgress,
      ),
    );
    await refresh();
    if (run?.evaluation) setSelectedRun(run.id);
  };

  const generateAndTrain = async () => {
    const manifest = await generate();
    if (manifest) await train(manifest);
  };

  const renameDataset = async (id: string, name: string) => {
    await client.call('renameDataset', { id, name }).promise;
    await refresh();
  };

  const renameRun = async (id: string, label: string) => {
    await client.call('renameRun', { id, label }).promise;
    await refresh();
  };

  const deleteRun = async (id: string) => {
    try {
      await client.call('deleteRun', { id }).promise;
    } catch (error) {
      setLoadError(`Could not delete the run: ${(error as Error).message}`);
    }
    await refresh();
  };

  const busy = generation.state.status === 'running' || training.state.status === 'running';
  const shownRun = runs.find((r) => r.id === selectedRun) ?? runs.at(-1) ?? null;

  return (
    <section className="page" data-testid="page-train">
      <TrainIntro />
      {loadError && (
        <p className="error" role="alert" data-testid="train-load-error">
          {loadError}
        </p>
      )}
      <DatasetSection
        config={experiment.dataset}
        onConfig={(dataset) => setExperiment((e) => ({ ...e, dataset, data: undefined }))}
        datasets={datasets}
        shown={shown}
        missing={missing}
        onSelect={(manifest) => setExperiment((e) => withDataset(e, manifest))}
        onRename={renameDataset}
        job={generation}
        onGenerate={() => void generate()}
        onGenerateAndTrain={() => void generateAndTrain()}
        disabled={!ready || busy}
      />
      <TrainSection
        experiment={experiment}
        onExperiment={setExperiment}
        dataset={shown}
        job={training}
        onTrain={() => void train()}
        disabled={!ready || busy || !shown}
      />
      <ResultsSection
        runs={runs}
        datasets={datasets ?? []}
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
