/**
 * One click, one job: generate the sample dataset (kept if already stored), train the sample
 * model (kept if already trained), export it and load it into the audit — with each step's
 * progress and one Cancel for all of them.
 */
import { CancelledError, type Progress } from '../../../lab/jobs/job';
import {
  SAMPLE_DATASET,
  SAMPLE_DATASET_NAME,
  isSampleRun,
  sampleExperiment,
} from '../../../lab/audit/sample-model';
import type { DatasetManifest } from '../../../lab/data/types';
import type { RunRecord } from '../../../lab/runs/types';
import type { LoadedAuditModel } from '../../../worker/api/audit';
import type { JobHandle, LabClient } from '../../lab-client';

export interface SampleModel {
  model: LoadedAuditModel;
  dataset: DatasetManifest;
  run: RunRecord;
  /** False when an earlier sample run was loaded instead of training again. */
  trained: boolean;
}

export function sampleModelJob(client: LabClient, onProgress: (p: Progress) => void): JobHandle<SampleModel> {
  let current: JobHandle<unknown> | null = null;
  let cancelled = false;
  const step = <R>(handle: JobHandle<R>): Promise<R> => {
    if (cancelled) throw new CancelledError();
    current = handle;
    return handle.promise;
  };
  const promise = (async (): Promise<SampleModel> => {
    const dataset = await step(
      client.call('generateSynthetic', { config: SAMPLE_DATASET, name: SAMPLE_DATASET_NAME }, onProgress),
    );
    const runs = await step(client.call('listRuns', undefined));
    const earlier = runs.filter((r) => isSampleRun(r, dataset.id)).at(-1);
    const run = earlier ?? (await step(client.call('train', sampleExperiment(dataset.id), onProgress)));
    const files = await step(client.call('exportModel', { id: run.id }));
    const model = await step(
      client.call('loadAuditModel', {
        name: `sample ${run.model.name} (${run.id})`,
        files: [
          { name: 'model.json', bytes: new TextEncoder().encode(files['model.json']) },
          { name: 'weights.bin', bytes: files['weights.bin'] },
        ],
      }),
    );
    return { model, dataset, run, trained: earlier === undefined };
  })();
  return {
    promise,
    cancel: () => {
      cancelled = true;
      current?.cancel();
    },
  };
}
